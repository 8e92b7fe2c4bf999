using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FactorTrace.Calculation;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Grid.Model;

namespace FactorTrace.Grid.Ledger;

/// <summary>The mean of a set of stored hours as the ledger names it: value, publishers, licence and a hash of the hours.</summary>
internal static class HourlyIntensities
{
    // The licence and credit of Electricity Maps hours, whether from the shipped history or the API, as catalogued.
    private static readonly DatasetEntry ElectricityMaps = DatasetCatalogue.Default.Find(Ingestion.DatasetHistoryIngestor.DatasetId)!;

    /// <summary>The mean of <paramref name="hours"/> (one value per hour, all with a value of <paramref name="basis"/>).</summary>
    public static HourlyGridIntensity Of(string region, string zone, DateOnly first, DateOnly last, IReadOnlyList<GridPoint> hours, string basis)
    {
        double sum = 0;
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        var digest = new StringBuilder();
        foreach (var point in hours)
        {
            var value = point.Value(basis)!.Value;
            sum += value;
            sources.Add(point.Source);
            digest.Append(CultureInfo.InvariantCulture, $"{point.Start.ToUnixTimeSeconds()},{value:R},{point.Source}\n");
        }

        var electricityMaps = sources.All(s => s.StartsWith("electricitymaps", StringComparison.Ordinal));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(digest.ToString())))[..16];
        return new HourlyGridIntensity(
            region, zone, first, last, hours.Count, hours.Count == 0 ? 0 : sum / hours.Count, basis, [.. sources],
            electricityMaps ? ElectricityMaps.Licence : "see-sources",
            electricityMaps ? ElectricityMaps.Attribution : $"Hourly grid carbon intensity from {string.Join(", ", sources)}.",
            hash);
    }

    /// <summary>Whether a stored hour counts for accounting with a value of <paramref name="basis"/> (measured or estimated, finite).</summary>
    public static bool Counts(GridPoint point, string basis) =>
        point.Value(basis) is { } value && double.IsFinite(value) && GridQualities.Rank(point.Quality) > 0;
}
