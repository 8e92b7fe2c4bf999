using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FactorTrace.Server.Tests.Doubles;

/// <summary>One hour of a zone as the Electricity Maps double serves it (gCO2eq/kWh; breakdown in MW by fuel).</summary>
public sealed record EmHour(DateTimeOffset Hour, double? Lifecycle, double? Direct, bool Estimated = false, string? Method = null)
{
    public IReadOnlyDictionary<string, double?>? Breakdown { get; init; }
}

/// <summary>
/// Electricity Maps v3 on 127.0.0.1, in the published shapes: <c>auth-token</c> header; <c>carbon-intensity/latest</c> (one
/// item), <c>/history</c> (<c>history</c>: the last 24 hours), <c>/past-range</c> (<c>data</c>: <c>[start, end)</c>),
/// <c>/forecast</c> (<c>forecast</c>), each for <c>emissionFactorType</c> lifecycle (default) or direct;
/// <c>power-breakdown/latest|history|past-range</c> with <c>powerConsumptionBreakdown</c>. An unknown zone gets a 404 naming it.
/// </summary>
public sealed class ElectricityMapsDouble : IAsyncDisposable
{
    public const string ApiKey = "em-test-key";

    private readonly StubHttpServer _server;
    private readonly Func<DateTimeOffset> _now;

    private ElectricityMapsDouble(StubHttpServer server, Func<DateTimeOffset> now)
    {
        _server = server;
        _now = now;
        server.Handler = HandleAsync;
    }

    /// <summary>Measured hours by zone.</summary>
    public ConcurrentDictionary<string, List<EmHour>> Zones { get; } = new(StringComparer.Ordinal);

    /// <summary>Forecast hours by zone.</summary>
    public ConcurrentDictionary<string, List<EmHour>> Forecasts { get; } = new(StringComparer.Ordinal);

    /// <summary>Raw JSON items appended to every carbon-intensity array (a partly broken body).</summary>
    public List<string> ExtraItems { get; } = [];

    public HttpFaults Faults { get; } = new();

    /// <summary>The base URL the provider is configured with.</summary>
    public string BaseUrl => _server.Address + "v3/";

    public int Requests => _server.Requests;

    /// <summary>Requests by path and query, with the double's clock when each arrived.</summary>
    public ConcurrentQueue<(string PathAndQuery, DateTimeOffset At, string? AuthToken)> Log { get; } = new();

    public static async Task<ElectricityMapsDouble> StartAsync(Func<DateTimeOffset> now) => new(await StubHttpServer.StartAsync(), now);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private Task HandleAsync(HttpContext context)
    {
        Log.Enqueue((context.Request.Path + context.Request.QueryString, _now(), context.Request.Headers["auth-token"].ToString()));
        if (Faults.Take() is { } fault)
        {
            return fault(context);
        }

        if (context.Request.Headers["auth-token"] != ApiKey)
        {
            return StubHttpServer.Json(context, """{"message":"Invalid auth-token"}""", 401);
        }

        var zone = context.Request.Query["zone"].ToString();
        var path = context.Request.Path.Value ?? "";
        var forecast = path.EndsWith("/forecast", StringComparison.Ordinal);
        if (!(forecast ? Forecasts : Zones).TryGetValue(zone, out var hours))
        {
            return StubHttpServer.Json(context, $$"""{"status":"error","message":"Zone '{{zone}}' does not exist."}""", 404);
        }

        var lifecycle = context.Request.Query["emissionFactorType"] != "direct";
        var now = _now();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var (selected, key) = path[(path.LastIndexOf('/') + 1)..] switch
        {
            "latest" => (hours.Where(h => h.Hour == hour).ToList(), null),
            "history" => (hours.Where(h => h.Hour > hour.AddHours(-24) && h.Hour <= hour).ToList(), "history"),
            "past-range" => (hours.Where(h => h.Hour >= Instant(context, "start") && h.Hour < Instant(context, "end")).ToList(), "data"),
            _ => (hours, "forecast"),
        };
        var items = path.Contains("/power-breakdown/", StringComparison.Ordinal)
            ? selected.Select(h => (JsonNode)Breakdown(zone, h)).ToList()
            : selected.Select(h => (JsonNode)Intensity(zone, h, lifecycle)).Concat(ExtraItems.Select(e => JsonNode.Parse(e)!)).ToList();
        if (key is null)
        {
            return items.Count == 0 ? StubHttpServer.Json(context, $$"""{"zone":"{{zone}}","carbonIntensity":null}""") : StubHttpServer.Json(context, items[0]!.ToJsonString());
        }

        var body = new JsonObject { ["zone"] = zone, [key] = new JsonArray([.. items]) };
        return StubHttpServer.Json(context, body.ToJsonString());
    }

    private static DateTimeOffset Instant(HttpContext context, string name) =>
        DateTimeOffset.Parse(context.Request.Query[name].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static JsonObject Intensity(string zone, EmHour h, bool lifecycle) => new JsonObject
    {
        ["zone"] = zone,
        ["carbonIntensity"] = lifecycle ? h.Lifecycle : h.Direct,
        ["datetime"] = h.Hour.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["updatedAt"] = "2026-03-10T09:45:00.000Z",
        ["emissionFactorType"] = lifecycle ? "lifecycle" : "direct",
        ["isEstimated"] = h.Estimated,
        ["estimationMethod"] = h.Method,
    };

    private static JsonObject Breakdown(string zone, EmHour h)
    {
        var breakdown = new JsonObject();
        foreach (var (fuel, mw) in h.Breakdown ?? new Dictionary<string, double?>())
        {
            breakdown[fuel] = mw;
        }

        return new JsonObject
        {
            ["zone"] = zone,
            ["datetime"] = h.Hour.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["powerConsumptionBreakdown"] = breakdown,
            ["powerConsumptionTotal"] = h.Breakdown?.Values.Sum(v => v is > 0 ? v : 0),
            ["isEstimated"] = h.Estimated,
        };
    }
}
