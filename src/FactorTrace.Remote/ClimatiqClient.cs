using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FactorTrace.Resilience;

namespace FactorTrace.Remote;

/// <summary>One estimate in Climatiq's shape: a selector (activity id, data version, region, year) and parameters.</summary>
/// <param name="ActivityId">Climatiq activity id.</param>
/// <param name="Region">Region code.</param>
/// <param name="Year">Year.</param>
/// <param name="Parameters">Parameters such as <c>energy</c> and <c>energy_unit</c>.</param>
public sealed record ClimatiqEstimateRequest(string ActivityId, string? Region, int? Year, IReadOnlyDictionary<string, object> Parameters);

/// <summary>An estimate: kg CO2e, the method (GWP set), the factor used and constituent gases; or the error of that item.</summary>
public sealed record ClimatiqEstimate(
    double? Co2e,
    string? CalculationMethod,
    string? FactorId,
    string? FactorName,
    string? Source,
    string? Region,
    int? Year,
    IReadOnlyDictionary<string, double> Gases,
    string? ErrorCode,
    string? Error);

/// <summary>
/// Client of a Climatiq-shaped estimate API: <c>POST /data/v1/estimate</c> and <c>POST /data/v1/estimate/batch</c>
/// (at most 100 per call; larger lists are split). 429 and 503 honour <c>Retry-After</c> within the configured limit.
/// </summary>
public sealed class ClimatiqClient : IDisposable
{
    /// <summary>Items per batch call, the API's limit.</summary>
    public const int BatchLimit = 100;

    private readonly HttpClient _http;
    private readonly RemoteSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly CappedDependency _calls;
    private readonly string _id;

    /// <summary>Creates the client.</summary>
    public ClimatiqClient(string id, HttpClient http, RemoteSourceOptions options, Dependency dependency, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _id = id;
        _http = http;
        _options = options;
        _time = time;
        _calls = new CappedDependency(dependency, options.MaxConcurrency);
    }

    /// <summary>The dependency the calls run through.</summary>
    public Dependency Dependency => _calls.Dependency;

    /// <summary>One estimate; a failure of the API comes back as the outcome.</summary>
    public async ValueTask<DependencyResult<ClimatiqEstimate>> EstimateAsync(ClimatiqEstimateRequest request, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Selector(request)));
        var result = await CallAsync("data/v1/estimate", body, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return new DependencyResult<ClimatiqEstimate>(null, result.Outcome, result.Error);
        }

        using var document = result.Value!;
        return new DependencyResult<ClimatiqEstimate>(Parse(document.RootElement), DependencyOutcome.Success, null);
    }

    /// <summary>Many estimates, in calls of at most <see cref="BatchLimit"/>; results in request order. A failed call fails its items.</summary>
    public async ValueTask<IReadOnlyList<DependencyResult<ClimatiqEstimate>>> EstimateBatchAsync(IReadOnlyList<ClimatiqEstimateRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = new List<DependencyResult<ClimatiqEstimate>>(requests.Count);
        for (var start = 0; start < requests.Count; start += BatchLimit)
        {
            var chunk = requests.Skip(start).Take(BatchLimit).ToList();
            var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(chunk.Select(Selector).ToList()));
            var result = await CallAsync("data/v1/estimate/batch", body, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                results.AddRange(chunk.Select(_ => new DependencyResult<ClimatiqEstimate>(null, result.Outcome, result.Error)));
                continue;
            }

            using var document = result.Value!;
            if (!document.RootElement.TryGetProperty("results", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() != chunk.Count)
            {
                results.AddRange(chunk.Select(_ => new DependencyResult<ClimatiqEstimate>(null, DependencyOutcome.Error, $"{_id} sent a malformed batch body")));
                continue;
            }

            results.AddRange(items.EnumerateArray().Select(item => new DependencyResult<ClimatiqEstimate>(Parse(item), DependencyOutcome.Success, null)));
        }

        return results;
    }

    private static Dictionary<string, object> Selector(ClimatiqEstimateRequest request)
    {
        var factor = new Dictionary<string, object> { ["activity_id"] = request.ActivityId };
        if (request.Region is not null)
        {
            factor["region"] = request.Region;
        }

        if (request.Year is { } year)
        {
            factor["year"] = year;
        }

        return new Dictionary<string, object> { ["emission_factor"] = factor, ["parameters"] = request.Parameters };
    }

    private async ValueTask<DependencyResult<JsonDocument>> CallAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        return await _calls.ExecuteAsync(static (s, ct) => s.self.PostAsync(s.path, s.body, ct), (self: this, path, body), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<JsonDocument> PostAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (_options.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        HttpFailures.ThrowIfFailed(response, _time, _id);
        if (!response.IsSuccessStatusCode && response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.BadRequest))
        {
            throw new HttpRequestException($"{_id} answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        }

        // 400 and 404 carry {"error", "error_code", "message"}: an answer about this item, not a failure of the API.
        return await HttpFailures.ReadJsonAsync(response, _id, cancellationToken).ConfigureAwait(false);
    }

    private ClimatiqEstimate Parse(JsonElement e)
    {
        if (HttpFailures.StringProperty(e, "error_code") is { } code || HttpFailures.StringProperty(e, "error") is { } _)
        {
            return new ClimatiqEstimate(null, null, null, null, null, null, null, new Dictionary<string, double>(), HttpFailures.StringProperty(e, "error_code") ?? "error",
                HttpFailures.StringProperty(e, "message") ?? HttpFailures.StringProperty(e, "error"));
        }

        var co2e = HttpFailures.NumberProperty(e, "co2e");
        if (co2e is not { } value || value < 0 || !string.Equals(HttpFailures.StringProperty(e, "co2e_unit") ?? "kg", "kg", StringComparison.OrdinalIgnoreCase))
        {
            return new ClimatiqEstimate(null, null, null, null, null, null, null, new Dictionary<string, double>(), "malformed", $"{_id} sent an estimate without a non-negative co2e in kg");
        }

        var factor = e.TryGetProperty("emission_factor", out var f) ? f : default;
        var gases = new Dictionary<string, double>(StringComparer.Ordinal);
        if (e.TryGetProperty("constituent_gases", out var g) && g.ValueKind == JsonValueKind.Object)
        {
            foreach (var gas in g.EnumerateObject())
            {
                if (gas.Name is "co2" or "ch4" or "n2o" && gas.Value.ValueKind == JsonValueKind.Number && gas.Value.TryGetDouble(out var mass) && double.IsFinite(mass) && mass >= 0)
                {
                    gases[gas.Name.ToUpperInvariant()] = mass;
                }
            }
        }

        return new ClimatiqEstimate(
            value,
            HttpFailures.StringProperty(e, "co2e_calculation_method"),
            HttpFailures.StringProperty(factor, "id"),
            HttpFailures.StringProperty(factor, "name"),
            HttpFailures.StringProperty(factor, "source"),
            HttpFailures.StringProperty(factor, "region"),
            HttpFailures.IntProperty(factor, "year"),
            gases,
            null,
            null);
    }

    /// <inheritdoc />
    public void Dispose() => _calls.Dispose();
}
