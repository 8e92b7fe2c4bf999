using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Store;
using FactorTrace.Grid.Zones;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Grid.Ledger;

/// <summary>
/// What a calculation run needs for location-based Scope 2 from hourly grid profiles, loaded before it starts; the one
/// rule the API and the CLI both call.
/// </summary>
public static class LedgerHourlyProfile
{
    /// <summary>
    /// The hourly profiles for a run of [<paramref name="from"/>, <paramref name="to"/>] of the tenant of
    /// <paramref name="db"/>: null when its setting <c>hourly_grid_scope2</c> is off; else the stored hours of every zone
    /// serving a region of the run's records, over the whole days those records cover (periods reaching outside the run
    /// included, so a record is calculated the same whatever the run's window).
    /// </summary>
    public static async Task<IHourlyGridProfile?> ForRunAsync(FactorTraceDb db, GridStore store, ZoneCatalogue zones, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(zones);
        var enabled = await db.TenantSettings.AsNoTracking().Select(s => s.HourlyGridScope2).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (!enabled)
        {
            return null;
        }

        var spans = new Dictionary<string, (DateOnly First, DateOnly Last)>(StringComparer.OrdinalIgnoreCase);
        foreach (var span in await RunRecords.RegionSpansAsync(db, from, to, cancellationToken).ConfigureAwait(false))
        {
            if (zones.ForSiteRegion(span.Region) is not { } zone)
            {
                continue;
            }

            spans[zone.Id] = spans.TryGetValue(zone.Id, out var known)
                ? (span.First < known.First ? span.First : known.First, span.Last > known.Last ? span.Last : known.Last)
                : (span.First, span.Last);
        }

        var hours = new Dictionary<string, IReadOnlyList<GridPoint>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (zone, (first, last)) in spans)
        {
            hours[zone] = await store.ReadAsync(zone, GridSignals.Average,
                new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), cancellationToken).ConfigureAwait(false);
        }

        return new StoredHourlyProfile(zones, hours);
    }
}
