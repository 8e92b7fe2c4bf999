using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FactorTrace.Broker;
using FactorTrace.Resilience;

namespace FactorTrace.Remote;

/// <summary>
/// A licensed, runtime-only factor database (ecoinvent-style) behind the JSON contract of <c>docs/remote-sources.md</c>:
/// <c>GET /v1/factors/match?activity=&amp;region=&amp;year=&amp;unit=&amp;gwp=</c> with a bearer API key.
/// </summary>
internal sealed class LicensedApiSource : IRemoteFactorSource, IDisposable
{
    private readonly HttpClient _http;
    private readonly RemoteSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly CappedDependency _calls;

    public LicensedApiSource(string id, HttpClient http, RemoteSourceOptions options, Dependency dependency, TimeProvider time)
    {
        Id = id;
        _http = http;
        _options = options;
        _time = time;
        _calls = new CappedDependency(dependency, options.MaxConcurrency);
    }

    public string Id { get; }

    public Dependency Dependency => _calls.Dependency;

    public async ValueTask<RemoteLookup> FindAsync(RemoteQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var activity = _options.ActivityMap.GetValueOrDefault(query.Activity.Id) ?? query.Activity.Id;
        var path = string.Create(CultureInfo.InvariantCulture,
            $"v1/factors/match?activity={Uri.EscapeDataString(activity)}&region={Uri.EscapeDataString(query.Region)}&year={query.Year}&unit={Uri.EscapeDataString(query.Unit)}&gwp={query.Gwp}");
        var result = await _calls.ExecuteAsync(static (s, ct) => s.self.FetchAsync(s.path, ct), (self: this, path), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.Value! : new RemoteLookup(null, result.Outcome, result.Error);
    }

    public void Dispose() => _calls.Dispose();

    private async ValueTask<RemoteLookup> FetchAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (_options.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        HttpFailures.ThrowIfFailed(response, _time, Id);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return RemoteLookup.NotFound("no factor for this activity, region and year");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{Id} answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        }

        using var document = await HttpFailures.ReadJsonAsync(response, Id, cancellationToken).ConfigureAwait(false);
        if (!document.RootElement.TryGetProperty("factor", out var f) || f.ValueKind != JsonValueKind.Object)
        {
            throw HttpFailures.Malformed(Id, "no 'factor' object");
        }

        var value = HttpFailures.NumberProperty(f, "kgco2e_per_unit");
        var id = HttpFailures.StringProperty(f, "id");
        var unit = HttpFailures.StringProperty(f, "unit");
        var region = HttpFailures.StringProperty(f, "region");
        var year = HttpFailures.IntProperty(f, "year");
        if (value is not { } v || v < 0 || id is null || unit is null || region is null || year is null)
        {
            throw HttpFailures.Malformed(Id, "factor lacks id, unit, region, year or a non-negative kgco2e_per_unit");
        }

        var gases = new Dictionary<string, double>(StringComparer.Ordinal);
        if (f.TryGetProperty("gases", out var g) && g.ValueKind == JsonValueKind.Object)
        {
            foreach (var gas in g.EnumerateObject())
            {
                if (gas.Value.ValueKind == JsonValueKind.Number && gas.Value.TryGetDouble(out var mass) && double.IsFinite(mass) && mass >= 0)
                {
                    gases[gas.Name.ToUpperInvariant()] = mass;
                }
            }
        }

        return RemoteLookup.Found(new ExternalFactor
        {
            Id = id,
            Name = HttpFailures.StringProperty(f, "name") ?? id,
            KgCo2ePerUnit = v,
            Unit = unit,
            GwpSet = HttpFailures.StringProperty(f, "gwp")?.ToUpperInvariant(),
            GasMasses = gases,
            Region = region.ToUpperInvariant(),
            Year = year.Value,
            Version = HttpFailures.StringProperty(f, "version") ?? "unversioned",
            Gsd = HttpFailures.NumberProperty(f, "gsd"),
        });
    }
}
