using FactorTrace.Grid.Model;
using FactorTrace.Grid.Providers;
using FactorTrace.Grid.Store;
using Microsoft.Extensions.Options;

namespace FactorTrace.Grid.Ingestion;

/// <summary>
/// One ingestion slot: for every configured zone, the past day (or the forecast) from the first provider that answers,
/// stored with its signal. A zone no provider answers is reported in the run's detail; the others are still stored.
/// </summary>
public sealed class ProviderIngestion(IEnumerable<IGridProvider> providers, GridStore store, GridReference reference, IOptions<GridOptions> options, TimeProvider time)
{
    private readonly IReadOnlyList<IGridProvider> _providers = [.. providers];

    /// <summary>Ingests the last 24 hours of every configured zone (or the given ones).</summary>
    public Task<IngestionOutcome> IngestHistoryAsync(IReadOnlyList<string>? zones, CancellationToken cancellationToken) =>
        RunAsync(zones, (p, zone, ct) => p.HistoryAsync(zone, GridUnits.HourOf(time.GetUtcNow()).AddHours(-24), time.GetUtcNow(), ct), cancellationToken);

    /// <summary>Ingests the forecast of every configured zone (or the given ones).</summary>
    public Task<IngestionOutcome> IngestForecastAsync(IReadOnlyList<string>? zones, CancellationToken cancellationToken) =>
        RunAsync(zones, (p, zone, ct) => p.ForecastAsync(zone, ct), cancellationToken);

    private async Task<IngestionOutcome> RunAsync(
        IReadOnlyList<string>? zones, Func<IGridProvider, string, CancellationToken, Task<ProviderResult>> call, CancellationToken cancellationToken)
    {
        var counts = UpsertCounts.None;
        var failures = new List<string>();
        var wanted = zones is { Count: > 0 } ? zones : options.Value.Zones;
        foreach (var id in wanted)
        {
            if (!reference.Zones.TryResolve(id, out var zone, out _))
            {
                failures.Add($"{id}: not a known zone");
                continue;
            }

            var reasons = new List<string>();
            var stored = false;
            foreach (var provider in _providers.Where(p => p.Enabled))
            {
                if (provider.RegionOf(zone) is not { } providerZone)
                {
                    continue;
                }

                var result = await call(provider, providerZone, cancellationToken).ConfigureAwait(false);
                if (result.Status == ProviderStatus.Ok)
                {
                    counts = counts.Add(await store.UpsertAsync([.. result.Points.Select(p => p with { Zone = zone.Id })], GridOrigins.Provider, cancellationToken).ConfigureAwait(false));
                    stored = true;
                    break;
                }

                reasons.Add($"{provider.Name} {result.Status}: {result.Error}");
            }

            if (!stored)
            {
                failures.Add($"{zone.Id}: {(reasons.Count == 0 ? "no provider is configured" : string.Join("; ", reasons))}");
            }
        }

        return new IngestionOutcome(wanted.Count, counts, failures);
    }
}

/// <summary>What one ingestion did.</summary>
/// <param name="Zones">Zones asked for.</param>
/// <param name="Counts">Points written, replaced, kept.</param>
/// <param name="Failures">Zones no provider answered, with why.</param>
public sealed record IngestionOutcome(int Zones, UpsertCounts Counts, IReadOnlyList<string> Failures);
