using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FactorTrace.Server.Tests.Doubles;

/// <summary>
/// WattTime v3 on 127.0.0.1, in the published shapes: <c>GET /login</c> with basic auth answers <c>{"token"}</c>; data
/// requests need <c>Authorization: Bearer</c> with a live token (else 401); <c>v3/historical</c> (<c>[start, end]</c>) and
/// <c>v3/forecast</c> answer <c>{"data":[{"point_time","value"}],"meta":{"units":"lbs_co2_per_mwh",…}}</c>;
/// <c>v3/region-from-loc</c> answers <c>{"region","region_full_name","signal_type"}</c>. An unknown region gets a 400 naming it.
/// </summary>
public sealed class WattTimeDouble : IAsyncDisposable
{
    public const string Username = "wt-user";
    public const string Password = "wt-pass";

    private readonly StubHttpServer _server;
    private readonly ConcurrentDictionary<string, bool> _tokens = new(StringComparer.Ordinal);
    private int _logins;

    private WattTimeDouble(StubHttpServer server)
    {
        _server = server;
        server.Handler = HandleAsync;
    }

    /// <summary>Measured 5-minute values (lbs/MWh) by region.</summary>
    public ConcurrentDictionary<string, SortedDictionary<DateTimeOffset, double>> Historical { get; } = new(StringComparer.Ordinal);

    /// <summary>Forecast 5-minute values (lbs/MWh) by region.</summary>
    public ConcurrentDictionary<string, SortedDictionary<DateTimeOffset, double>> Forecast { get; } = new(StringComparer.Ordinal);

    /// <summary>Raw JSON items appended to every data array (a partly broken body).</summary>
    public List<string> ExtraItems { get; } = [];

    /// <summary>The units the answers claim.</summary>
    public string Units { get; set; } = "lbs_co2_per_mwh";

    public HttpFaults Faults { get; } = new();

    public string BaseUrl => _server.Address + "v3/";

    public string LoginUrl => _server.Address + "login";

    public int Requests => _server.Requests;

    public int Logins => Volatile.Read(ref _logins);

    /// <summary>Data requests (not logins) by path and query.</summary>
    public ConcurrentQueue<string> DataRequests { get; } = new();

    public static async Task<WattTimeDouble> StartAsync() => new(await StubHttpServer.StartAsync());

    /// <summary>Every token issued so far stops working (as after WattTime's 30 minutes).</summary>
    public void ExpireTokens() => _tokens.Clear();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private Task HandleAsync(HttpContext context)
    {
        if (Faults.Take() is { } fault)
        {
            return fault(context);
        }

        var path = context.Request.Path.Value ?? "";
        var authorization = context.Request.Headers.Authorization.ToString();
        if (path == "/login")
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
            if (authorization != expected)
            {
                return StubHttpServer.Json(context, """{"error":"Unauthorized"}""", 401);
            }

            var token = $"token-{Interlocked.Increment(ref _logins)}";
            _tokens[token] = true;
            return StubHttpServer.Json(context, $$"""{"token":"{{token}}"}""");
        }

        DataRequests.Enqueue(path + context.Request.QueryString);
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.ContainsKey(authorization["Bearer ".Length..]))
        {
            return StubHttpServer.Json(context, """{"error":"Unauthorized"}""", 401);
        }

        var signal = context.Request.Query["signal_type"].ToString();
        if (path == "/v3/region-from-loc")
        {
            return context.Request.Query["latitude"] == "37.77"
                ? StubHttpServer.Json(context, $$"""{"region":"CAISO_NORTH","region_full_name":"California ISO Northern","signal_type":"{{signal}}"}""")
                : StubHttpServer.Json(context, """{"error":"Coordinates not found"}""", 404);
        }

        var region = context.Request.Query["region"].ToString();
        var forecast = path == "/v3/forecast";
        if (!(forecast ? Forecast : Historical).TryGetValue(region, out var values))
        {
            return StubHttpServer.Json(context, $$"""{"error":"Invalid region","message":"The region '{{region}}' is not a valid region."}""", 400);
        }

        var selected = forecast ? values : values.Where(v => v.Key >= Instant(context, "start") && v.Key <= Instant(context, "end"));
        var data = new JsonArray([.. selected.Select(v => (JsonNode)new JsonObject
        {
            ["point_time"] = v.Key.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture),
            ["value"] = v.Value,
        }).Concat(ExtraItems.Select(e => JsonNode.Parse(e)!))]);
        var meta = new JsonObject { ["region"] = region, ["signal_type"] = signal, ["units"] = Units, ["model"] = new JsonObject { ["date"] = "2026-01-15" } };
        if (forecast)
        {
            meta["generated_at"] = values.Keys.FirstOrDefault().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        }

        return StubHttpServer.Json(context, new JsonObject { ["data"] = data, ["meta"] = meta }.ToJsonString());
    }

    private static DateTimeOffset Instant(HttpContext context, string name) =>
        DateTimeOffset.Parse(context.Request.Query[name].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}
