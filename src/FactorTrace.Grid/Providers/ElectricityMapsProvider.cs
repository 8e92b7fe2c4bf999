using System.Text.Json;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Zones;
using FactorTrace.Resilience;

namespace FactorTrace.Grid.Providers;

/// <summary>
/// Electricity Maps v3 (primary; average signal): <c>carbon-intensity/latest|history|past-range|forecast</c>, each fetched
/// for both emission-factor types (life-cycle and direct), and <c>power-breakdown/latest|history|past-range</c> for the
/// generation mix, with the <c>auth-token</c> header. Every request runs through the dependency
/// <see cref="ProviderName"/> (timeout, retries honouring <c>Retry-After</c>, breaker) under a concurrency cap; a zone
/// Electricity Maps does not know comes back as <see cref="ProviderStatus.UnknownZone"/> and does not count against the
/// breaker.
/// </summary>
public sealed class ElectricityMapsProvider : IGridProvider, IDisposable
{
    /// <summary>Provider id and dependency name.</summary>
    public const string ProviderName = "electricitymaps";

    /// <summary>The named <see cref="HttpClient"/> (base address from the options, no client timeout: the pipeline has one).</summary>
    public const string HttpClientName = "grid:electricitymaps";

    /// <summary>How far back <c>history</c> reaches; older hours come from <c>past-range</c>.</summary>
    public static readonly TimeSpan HistoryWindow = TimeSpan.FromHours(24);

    /// <summary>The longest span of one <c>past-range</c> request at hourly granularity; longer ranges are split.</summary>
    public static readonly TimeSpan PastRangeLimit = TimeSpan.FromDays(10);

    private const string Lifecycle = "lifecycle";
    private const string Direct = "direct";

    private readonly IHttpClientFactory _clients;
    private readonly string? _apiKey;
    private readonly TimeProvider _time;
    private readonly CappedDependency? _calls;

    /// <summary>Creates the provider; without an API key it is off and makes no request.</summary>
    /// <param name="clients">Creates the <see cref="HttpClientName"/> client.</param>
    /// <param name="options">Key and concurrency cap.</param>
    /// <param name="dependencies">Where the <see cref="ProviderName"/> pipeline comes from.</param>
    /// <param name="time">The clock (history window, fetch times).</param>
    public ElectricityMapsProvider(IHttpClientFactory clients, ElectricityMapsOptions options, DependencyRegistry dependencies, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dependencies);
        _clients = clients;
        _time = time;
        _apiKey = string.IsNullOrWhiteSpace(options.ApiKey) ? null : options.ApiKey;
        _calls = _apiKey is null ? null : new CappedDependency(dependencies.Get(ProviderName, DependencyKind.RemoteApi), options.MaxConcurrency);
    }

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public string Signal => GridSignals.Average;

    /// <inheritdoc />
    public bool Enabled => _calls is not null;

    /// <inheritdoc />
    public string? RegionOf(GridZone zone) => zone?.Id;

    /// <summary>The dependency (state, counts), or null when the provider is off.</summary>
    public Dependency? Dependency => _calls?.Dependency;

    /// <inheritdoc />
    public Task<ProviderResult> LatestAsync(string zone, CancellationToken cancellationToken) =>
        CollectAsync(zone, [new Window("latest", $"zone={Zone(zone)}", null, "latest")], GridQualities.RealTime, null, cancellationToken);

    /// <inheritdoc />
    public Task<ProviderResult> HistoryAsync(string zone, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var z = Zone(zone);
        if (from >= _time.GetUtcNow() - HistoryWindow)
        {
            return CollectAsync(zone, [new Window("history", $"zone={z}", "history", "history")], GridQualities.Historical, (from, to), cancellationToken);
        }

        var windows = new List<Window>();
        for (var start = from; start < to; start += PastRangeLimit)
        {
            var end = start + PastRangeLimit < to ? start + PastRangeLimit : to;
            windows.Add(new Window("past-range", $"zone={z}&start={GridValues.Query(start)}&end={GridValues.Query(end)}", "data", "past-range"));
        }

        return CollectAsync(zone, windows, GridQualities.Historical, (from, to), cancellationToken);
    }

    /// <inheritdoc />
    public Task<ProviderResult> ForecastAsync(string zone, CancellationToken cancellationToken) =>
        CollectAsync(zone, [new Window("forecast", $"zone={Zone(zone)}", "forecast", null)], GridQualities.Forecast, null, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _calls?.Dispose();

    private static string Zone(string zone) => Uri.EscapeDataString(zone.Trim().ToUpperInvariant());

    private async Task<ProviderResult> CollectAsync(
        string zone, IReadOnlyList<Window> windows, string quality, (DateTimeOffset From, DateTimeOffset To)? range, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(zone);
        if (_calls is null)
        {
            return ProviderCalls.Off(Name);
        }

        var points = new List<GridPoint>();
        var dropped = 0;
        string? mixNote = null;
        foreach (var window in windows)
        {
            var bodies = new IntensityBody[2];
            foreach (var (index, type) in new[] { (0, Lifecycle), (1, Direct) })
            {
                var path = $"carbon-intensity/{window.Endpoint}?{window.Query}&emissionFactorType={type}";
                var result = await _calls.ExecuteAsync(
                    static (s, ct) => s.self.GetAsync(s.path, root => ElectricityMapsBodies.Intensity(root, s.key, ProviderName), ct),
                    (self: this, path, key: window.ArrayKey), cancellationToken).ConfigureAwait(false);
                if (ProviderCalls.Refusal(Name, result) is { } refusal)
                {
                    return refusal;
                }

                bodies[index] = result.Value.Value!;
                dropped += bodies[index].Dropped;
            }

            MixBody? mix = null;
            if (window.MixEndpoint is { } mixEndpoint)
            {
                var path = $"power-breakdown/{mixEndpoint}?{window.Query}";
                var result = await _calls.ExecuteAsync(
                    static (s, ct) => s.self.GetAsync(s.path, root => ElectricityMapsBodies.Mix(root, s.key, ProviderName), ct),
                    (self: this, path, key: window.ArrayKey), cancellationToken).ConfigureAwait(false);
                if (ProviderCalls.Refusal(Name, result) is { } refusal)
                {
                    mixNote ??= $"no generation mix: {refusal.Error}";
                }
                else
                {
                    mix = result.Value.Value;
                }
            }

            points.AddRange(ElectricityMapsBodies.Points(zone.Trim().ToUpperInvariant(), Name, quality, _time.GetUtcNow(), bodies[0], bodies[1], mix));
        }

        var kept = range is { } r ? points.Where(p => p.Start >= r.From && p.Start < r.To).DistinctBy(p => p.Start).ToList() : points;
        return ProviderResult.Ok(Name, kept) with { Dropped = dropped, Error = GridValues.Note(dropped, mixNote) };
    }

    private async ValueTask<Answer<T>> GetAsync<T>(string path, Func<JsonElement, T> parse, CancellationToken cancellationToken)
    {
        var client = _clients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("auth-token", _apiKey);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (await ProviderCalls.UnknownSubjectAsync(response, "zone", cancellationToken).ConfigureAwait(false) is { } message)
        {
            return Answer<T>.Unknown(message);
        }

        ProviderCalls.EnsureSuccess(response, _time, Name);
        using var document = await HttpFailures.ReadJsonAsync(response, Name, cancellationToken).ConfigureAwait(false);
        return Answer<T>.Known(parse(document.RootElement));
    }

    /// <summary>One request's endpoint, query, the body's array (null: the body is the item) and the mix endpoint, if any.</summary>
    private sealed record Window(string Endpoint, string Query, string? ArrayKey, string? MixEndpoint);
}
