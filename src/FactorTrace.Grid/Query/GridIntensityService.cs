using FactorTrace.Grid.Model;
using FactorTrace.Grid.Providers;
using FactorTrace.Grid.Store;
using FactorTrace.Grid.Zones;

namespace FactorTrace.Grid.Query;

/// <summary>
/// The latest intensity with failover: the providers in order (Electricity Maps, then WattTime under its own region
/// id), then the newest measured hour in the store, then the zone's yearly mean. What a provider answers is stored.
/// </summary>
public sealed class GridIntensityService(IEnumerable<IGridProvider> providers, GridStore store, Func<YearlyGridFactors?> yearly, TimeProvider time)
{
    private readonly IReadOnlyList<IGridProvider> _providers = [.. providers];

    /// <summary>The latest value for a zone (already resolved in the catalogue).</summary>
    public async Task<LatestAnswer> LatestAsync(GridZone zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var attempts = new List<GridAttempt>();
        foreach (var provider in _providers)
        {
            var providerZone = provider.RegionOf(zone);
            if (!provider.Enabled)
            {
                attempts.Add(new GridAttempt(provider.Name, "off", "not configured"));
                continue;
            }

            if (providerZone is null)
            {
                attempts.Add(new GridAttempt(provider.Name, "no-region", $"no {provider.Name} region is known for {zone.Id}"));
                continue;
            }

            var result = await provider.LatestAsync(providerZone, cancellationToken).ConfigureAwait(false);
            if (result.Status == ProviderStatus.Ok && result.Points.Count > 0)
            {
                var points = result.Points.Select(p => p with { Zone = zone.Id }).ToList();
                await store.UpsertAsync(points, GridOrigins.Provider, cancellationToken).ConfigureAwait(false);
                attempts.Add(new GridAttempt(provider.Name, "answered"));
                var point = points.MaxBy(p => p.Start)!;
                var warning = point.Signal == GridSignals.Average ? null
                    : $"{provider.Name} answers with the {point.Signal} signal, not the average intensity: do not add it to average figures.";
                return new LatestAnswer(zone.Id, point, null, attempts.Count == 1 ? null : "provider", attempts, warning);
            }

            attempts.Add(new GridAttempt(provider.Name, Outcome(result.Status), result.Error ?? "no points"));
        }

        var now = time.GetUtcNow();
        var stored = await store.LatestAsync(zone.Id, GridSignals.Average, now, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            attempts.Add(new GridAttempt("store", "answered"));
            var age = now - stored.Start;
            return new LatestAnswer(zone.Id, stored, null, "store", attempts,
                age > TimeSpan.FromHours(2) ? $"No provider answered; the newest stored hour is {stored.Start:yyyy-MM-ddTHH:mm:ssZ} ({age.TotalDays:0.#} days old)." : null);
        }

        attempts.Add(new GridAttempt("store", "no-data"));
        if (yearly()?.Find(zone.Id, now.Year) is { } mean)
        {
            attempts.Add(new GridAttempt("yearly", "answered"));
            return new LatestAnswer(zone.Id, null, mean, "yearly", attempts,
                $"No hourly value is available; this is the {mean.Year} yearly life-cycle mean of {zone.Id} from {mean.Dataset}.");
        }

        attempts.Add(new GridAttempt("yearly", "no-data"));
        return new LatestAnswer(zone.Id, null, null, null, attempts, null);
    }

    private static string Outcome(ProviderStatus status) => status switch
    {
        ProviderStatus.UnknownZone => "unknown-zone",
        ProviderStatus.Off => "off",
        ProviderStatus.CircuitOpen => "circuit-open",
        ProviderStatus.Ok => "no-data",
        _ => "failed",
    };
}
