using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Zones;
using FactorTrace.Resilience;

namespace FactorTrace.Grid.Providers;

/// <summary>
/// WattTime v3 (fallback): <c>v3/historical</c> and <c>v3/forecast</c> for the configured signal (<c>co2_moer</c>:
/// <see cref="GridSignals.Marginal"/>; <c>co2_aoer</c>: <see cref="GridSignals.Average"/>, direct only), converted from
/// lbs/MWh to gCO2e/kWh and averaged from WattTime's 5-minute values to UTC hours. Authenticates with a bearer token from
/// <c>/login</c> (basic auth), renewed before it expires and once more when WattTime answers 401. Every request runs through
/// the dependency <see cref="ProviderName"/> under a concurrency cap.
/// </summary>
/// <remarks>
/// The <c>zone</c> of its calls is a WattTime region id (<c>CAISO_NORTH</c>), which the zone catalogue maps from the
/// Electricity Maps zone (or <see cref="RegionAtAsync"/> finds for a location); its points carry that region id,
/// upper case, as their zone.
/// </remarks>
public sealed class WattTimeProvider : IGridProvider, IDisposable
{
    /// <summary>Provider id and dependency name.</summary>
    public const string ProviderName = "watttime";

    /// <summary>The named <see cref="HttpClient"/> (base address from the options, no client timeout: the pipeline has one).</summary>
    public const string HttpClientName = "grid:watttime";

    /// <summary>The longest span of one <c>historical</c> request; longer ranges are split.</summary>
    public static readonly TimeSpan HistoricalLimit = TimeSpan.FromDays(30);

    private readonly IHttpClientFactory _clients;
    private readonly string _signalType;
    private readonly TimeProvider _time;
    private readonly WattTimeSession _session;
    private readonly CappedDependency? _calls;

    /// <summary>Creates the provider; without user name and password it is off and makes no request.</summary>
    /// <param name="clients">Creates the <see cref="HttpClientName"/> client.</param>
    /// <param name="options">Credentials, login URL, signal type and concurrency cap.</param>
    /// <param name="dependencies">Where the <see cref="ProviderName"/> pipeline comes from.</param>
    /// <param name="time">The clock (token age, latest hour, fetch times).</param>
    public WattTimeProvider(IHttpClientFactory clients, WattTimeOptions options, DependencyRegistry dependencies, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dependencies);
        _clients = clients;
        _time = time;
        _signalType = options.SignalType.Trim().ToLowerInvariant();
        Signal = _signalType == "co2_aoer" ? GridSignals.Average : GridSignals.Marginal;
        _session = new WattTimeSession(options, time);
        var configured = !string.IsNullOrWhiteSpace(options.Username) && !string.IsNullOrWhiteSpace(options.Password);
        _calls = configured ? new CappedDependency(dependencies.Get(ProviderName, DependencyKind.RemoteApi), options.MaxConcurrency) : null;
    }

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public string Signal { get; }

    /// <inheritdoc />
    public bool Enabled => _calls is not null;

    /// <inheritdoc />
    public string? RegionOf(GridZone zone) => zone?.WattTimeRegion;

    /// <summary>The dependency (state, counts), or null when the provider is off.</summary>
    public Dependency? Dependency => _calls?.Dependency;

    /// <summary>The most recent hour with data, from the current and the previous hour's 5-minute values.</summary>
    public async Task<ProviderResult> LatestAsync(string zone, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var result = await HistoricalAsync(zone, GridUnits.HourOf(now).AddHours(-1), now, GridQualities.RealTime, cancellationToken).ConfigureAwait(false);
        return result.Status == ProviderStatus.Ok ? result with { Points = result.Points.TakeLast(1).ToList() } : result;
    }

    /// <inheritdoc />
    public Task<ProviderResult> HistoryAsync(string zone, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        HistoricalAsync(zone, GridValues.HourAtOrAfter(from), to, GridQualities.Historical, cancellationToken);

    /// <inheritdoc />
    public async Task<ProviderResult> ForecastAsync(string zone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(zone);
        if (_calls is null)
        {
            return ProviderCalls.Off(Name);
        }

        var path = $"forecast?region={Region(zone)}&signal_type={_signalType}";
        var result = await _calls.ExecuteAsync(static (s, ct) => s.self.GetAsync(s.path, "region", root => WattTimeBodies.Hourly(root, null, null), ct),
            (self: this, path), cancellationToken).ConfigureAwait(false);
        return ProviderCalls.Refusal(Name, result) ?? Ok(zone, result.Value.Value!, GridQualities.Forecast);
    }

    /// <summary>The WattTime region of a location (<c>v3/region-from-loc</c>), for the zone catalogue.</summary>
    public async Task<RegionLookup> RegionAtAsync(double latitude, double longitude, CancellationToken cancellationToken)
    {
        if (_calls is null)
        {
            return new RegionLookup(ProviderStatus.Off, null, null, $"{Name} is not configured");
        }

        var path = string.Create(CultureInfo.InvariantCulture, $"region-from-loc?latitude={latitude:R}&longitude={longitude:R}&signal_type={_signalType}");
        var result = await _calls.ExecuteAsync(static (s, ct) => s.self.GetAsync(s.path, "", WattTimeBodies.Region, ct),
            (self: this, path), cancellationToken).ConfigureAwait(false);
        return ProviderCalls.Refusal(Name, result) is { } refusal
            ? new RegionLookup(refusal.Status, null, null, refusal.Error)
            : result.Value.Value!;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _calls?.Dispose();
        _session.Dispose();
    }

    private static string Region(string zone) => Uri.EscapeDataString(zone.Trim().ToUpperInvariant());

    private async Task<ProviderResult> HistoricalAsync(string zone, DateTimeOffset from, DateTimeOffset to, string quality, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(zone);
        if (_calls is null)
        {
            return ProviderCalls.Off(Name);
        }

        var hours = new List<(DateTimeOffset Hour, double Value)>();
        var dropped = 0;
        for (var start = from; start < to; start += HistoricalLimit)
        {
            var end = start + HistoricalLimit < to ? start + HistoricalLimit : to;
            var path = $"historical?region={Region(zone)}&start={GridValues.Query(start)}&end={GridValues.Query(end)}&signal_type={_signalType}";
            var result = await _calls.ExecuteAsync(
                static (s, ct) => s.self.GetAsync(s.path, "region", root => WattTimeBodies.Hourly(root, s.start, s.end), ct),
                (self: this, path, start, end), cancellationToken).ConfigureAwait(false);
            if (ProviderCalls.Refusal(Name, result) is { } refusal)
            {
                return refusal;
            }

            hours.AddRange(result.Value.Value!.Hours);
            dropped += result.Value.Value.Dropped;
        }

        return Ok(zone, new HourlyMeans(hours, dropped), quality);
    }

    private ProviderResult Ok(string zone, HourlyMeans means, string quality)
    {
        var fetchedAt = _time.GetUtcNow();
        var id = zone.Trim().ToUpperInvariant();
        var points = means.Hours
            .Select(h => new GridPoint(id, h.Hour, h.Value, null, Signal, Name, quality) { FetchedAt = fetchedAt })
            .ToList();
        return ProviderResult.Ok(Name, points) with { Dropped = means.Dropped, Error = GridValues.Note(means.Dropped) };
    }

    /// <summary>
    /// One authenticated GET: with the kept token, and when WattTime answers 401 (the token expired early or was revoked)
    /// once more after a new login.
    /// </summary>
    private async ValueTask<Answer<T>> GetAsync<T>(string path, string subject, Func<JsonElement, T> parse, CancellationToken cancellationToken)
    {
        var client = _clients.CreateClient(HttpClientName);
        var token = await _session.TokenAsync(client, null, cancellationToken).ConfigureAwait(false);
        var response = await SendAsync(client, path, token, cancellationToken).ConfigureAwait(false);
        try
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                response.Dispose();
                token = await _session.TokenAsync(client, token, cancellationToken).ConfigureAwait(false);
                response = await SendAsync(client, path, token, cancellationToken).ConfigureAwait(false);
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new HttpRequestException($"{Name} refused a fresh token (HTTP 401).", null, response.StatusCode);
            }

            // region-from-loc: any 400/404 means no region at that location (subject "" matches every message).
            if (await ProviderCalls.UnknownSubjectAsync(response, subject, cancellationToken).ConfigureAwait(false) is { } message)
            {
                return Answer<T>.Unknown(message);
            }

            ProviderCalls.EnsureSuccess(response, _time, Name);
            using var document = await HttpFailures.ReadJsonAsync(response, Name, cancellationToken).ConfigureAwait(false);
            return Answer<T>.Known(parse(document.RootElement));
        }
        finally
        {
            response.Dispose();
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }
}
