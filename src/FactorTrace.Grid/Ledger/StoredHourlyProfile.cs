using System.Globalization;
using FactorTrace.Calculation;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Zones;

namespace FactorTrace.Grid.Ledger;

/// <summary>
/// The hourly profiles of a run, over the hours loaded from the store before it started (<see cref="LedgerHourlyProfile"/>):
/// the direct value of every measured or estimated hour (forecasts do not count), by zone.
/// </summary>
public sealed class StoredHourlyProfile : IHourlyGridProfile
{
    private readonly ZoneCatalogue _zones;
    private readonly Dictionary<string, IReadOnlyList<GridPoint>> _hours;

    /// <summary>Profiles over <paramref name="hours"/> (each zone's stored average-signal points, by start).</summary>
    public StoredHourlyProfile(ZoneCatalogue zones, IReadOnlyDictionary<string, IReadOnlyList<GridPoint>> hours)
    {
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(hours);
        _zones = zones;
        _hours = new Dictionary<string, IReadOnlyList<GridPoint>>(hours, StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public HourlyGridLookup Lookup(string region, DateOnly first, DateOnly last)
    {
        if (_zones.ForSiteRegion(region) is not { } zone)
        {
            return HourlyGridLookup.Missing($"no grid zone is known for region '{region}' (a zone id, an ISO 3166-2 subdivision or a country with a single zone)");
        }

        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var expected = (int)((to - from).Ticks / TimeSpan.TicksPerHour);
        var points = _hours.TryGetValue(zone.Id, out var stored) ? stored : [];
        var start = LowerBound(points, from);
        var used = new List<GridPoint>(expected);
        DateTimeOffset? firstMissing = null;
        var next = from;
        for (var i = start; i < points.Count && points[i].Start < to; i++)
        {
            var point = points[i];
            if (!HourlyIntensities.Counts(point, IntensityBases.Direct))
            {
                continue;
            }

            if (point.Start != next)
            {
                firstMissing ??= next;
            }

            next = point.Start.AddHours(1);
            used.Add(point);
        }

        if (used.Count < expected)
        {
            firstMissing ??= next;
            return HourlyGridLookup.Missing(string.Create(CultureInfo.InvariantCulture,
                $"{expected - used.Count} of {expected} hours of zone {zone.Id} from {from:yyyy-MM-ddTHH:mm}Z to {to:yyyy-MM-ddTHH:mm}Z are not in the hourly store (first missing {firstMissing:yyyy-MM-ddTHH:mm}Z)"));
        }

        return HourlyGridLookup.Found(HourlyIntensities.Of(region, zone.Id, first, last, used, IntensityBases.Direct));
    }

    private static int LowerBound(IReadOnlyList<GridPoint> points, DateTimeOffset from)
    {
        int lo = 0, hi = points.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (points[mid].Start < from)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
