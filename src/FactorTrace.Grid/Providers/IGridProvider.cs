using FactorTrace.Grid.Model;
using FactorTrace.Grid.Zones;

namespace FactorTrace.Grid.Providers;

/// <summary>
/// A grid-intensity API behind its dependency pipeline (timeout, retries honouring <c>Retry-After</c>, breaker,
/// concurrency cap). Calls never throw for the provider's failures: they come back as a <see cref="ProviderResult"/>.
/// </summary>
public interface IGridProvider
{
    /// <summary>Provider id (<c>electricitymaps</c>, <c>watttime</c>), also its dependency name.</summary>
    string Name { get; }

    /// <summary>The signal its points carry.</summary>
    string Signal { get; }

    /// <summary>False when not configured (no key); it is then never called and health says so.</summary>
    bool Enabled { get; }

    /// <summary>The id this provider knows a zone by, or null when it covers no region for it.</summary>
    string? RegionOf(GridZone zone);

    /// <summary>The latest value for a zone.</summary>
    Task<ProviderResult> LatestAsync(string zone, CancellationToken cancellationToken);

    /// <summary>Past hours in <c>[from, to)</c>.</summary>
    Task<ProviderResult> HistoryAsync(string zone, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The forecast from now on, hourly.</summary>
    Task<ProviderResult> ForecastAsync(string zone, CancellationToken cancellationToken);
}

/// <summary>How a provider call ended.</summary>
public enum ProviderStatus
{
    /// <summary>It answered with points.</summary>
    Ok,

    /// <summary>The provider does not know the zone (or has no data for it): not a failure of the provider.</summary>
    UnknownZone,

    /// <summary>Not configured.</summary>
    Off,

    /// <summary>It failed, timed out or sent a body that could not be read (after retries).</summary>
    Failed,

    /// <summary>Its circuit is open: no call was made.</summary>
    CircuitOpen,
}

/// <summary>A provider's answer or why there is none.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Points">Points (hour-aligned, gCO2e/kWh), empty unless <see cref="ProviderStatus.Ok"/>.</param>
/// <param name="Error">Why it failed; for <see cref="ProviderStatus.Ok"/>, what was left out (dropped values, a missing mix), if anything.</param>
public sealed record ProviderResult(string Provider, ProviderStatus Status, IReadOnlyList<GridPoint> Points, string? Error = null)
{
    /// <summary>Values the provider sent that were dropped (non-finite, negative, implausibly high, undated or not on the hour).</summary>
    public int Dropped { get; init; }

    /// <summary>A successful answer.</summary>
    public static ProviderResult Ok(string provider, IReadOnlyList<GridPoint> points) => new(provider, ProviderStatus.Ok, points);

    /// <summary>A failed answer.</summary>
    public static ProviderResult Failure(string provider, ProviderStatus status, string error) => new(provider, status, [], error);
}
