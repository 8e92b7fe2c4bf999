using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FactorTrace.Calculation;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Zones;

namespace FactorTrace.Grid.Ledger;

/// <summary>
/// The hourly profiles of a run, over the hours loaded from the store before it started (<see cref="LedgerHourlyProfile"/>):
/// the direct value of every measured or estimated hour (forecasts do not count), by zone.
/// </summary>
public sealed class StoredHourlyProfile : IHourlyGridProfile
{
    // The licence and credit of Electricity Maps hours, whether from the shipped history or the API, as catalogued.
    private static readonly DatasetEntry ElectricityMaps = DatasetCatalogue.Default.Find(Ingestion.DatasetHistoryIngestor.DatasetId)!;
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
        double sum = 0;
        var used = 0;
        DateTimeOffset? firstMissing = null;
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        var digest = new StringBuilder();
        var next = from;
        for (var i = start; i < points.Count && points[i].Start < to; i++)
        {
            var point = points[i];
            if (point.Direct is not { } value || !double.IsFinite(value) || GridQualities.Rank(point.Quality) == 0)
            {
                continue;
            }

            if (point.Start != next)
            {
                firstMissing ??= next;
            }

            next = point.Start.AddHours(1);
            sum += value;
            used++;
            sources.Add(point.Source);
            digest.Append(CultureInfo.InvariantCulture, $"{point.Start.ToUnixTimeSeconds()},{value:R},{point.Source}\n");
        }

        if (used < expected)
        {
            firstMissing ??= next;
            return HourlyGridLookup.Missing(string.Create(CultureInfo.InvariantCulture,
                $"{expected - used} of {expected} hours of zone {zone.Id} from {from:yyyy-MM-ddTHH:mm}Z to {to:yyyy-MM-ddTHH:mm}Z are not in the hourly store (first missing {firstMissing:yyyy-MM-ddTHH:mm}Z)"));
        }

        var electricityMaps = sources.All(s => s.StartsWith("electricitymaps", StringComparison.Ordinal));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(digest.ToString())))[..16];
        return HourlyGridLookup.Found(new HourlyGridIntensity(
            region, zone.Id, first, last, expected, sum / expected, IntensityBases.Direct, [.. sources],
            electricityMaps ? ElectricityMaps.Licence : "see-sources",
            electricityMaps ? ElectricityMaps.Attribution : $"Hourly grid carbon intensity from {string.Join(", ", sources)}.",
            hash));
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
