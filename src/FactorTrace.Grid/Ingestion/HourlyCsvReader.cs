using System.Globalization;
using FactorTrace.Grid.Model;
using Sylvan.Data.Csv;

namespace FactorTrace.Grid.Ingestion;

/// <summary>
/// Reads an Electricity Maps data-portal hourly CSV (<c>Datetime (UTC)</c>, zone id, direct and life-cycle intensity,
/// estimated flag and method), whatever its line endings. Instants carry no suffix in the file and are UTC by the header.
/// A row that cannot be read fails the file, naming the line: history is not ingested with holes nobody asked for.
/// </summary>
public static class HourlyCsvReader
{
    /// <summary>Reads every row as a point of the average signal, <paramref name="source"/> as its source.</summary>
    public static IReadOnlyList<GridPoint> Read(TextReader text, string source, DateTimeOffset fetchedAt)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',' });
        int at = Column(csv, "Datetime (UTC)"), zone = Column(csv, "Zone Id"), direct = Column(csv, "(direct)"),
            lifecycle = Column(csv, "(LCA)"), estimated = Column(csv, "Data Estimated"), method = Column(csv, "Data Estimation Method");
        var points = new List<GridPoint>(8784);
        var line = 1;
        while (csv.Read())
        {
            line++;
            if (!DateTime.TryParseExact(csv.GetString(at), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start)
                || start.Minute != 0 || start.Second != 0)
            {
                throw new GridDataException($"line {line}: '{csv.GetString(at)}' is not an hour in yyyy-MM-dd HH:mm:ss (UTC).");
            }

            var isEstimated = csv.GetString(estimated).Trim().ToLowerInvariant() switch
            {
                "true" => true,
                "false" or "" => false,
                var other => throw new GridDataException($"line {line}: Data Estimated is '{other}', not true or false."),
            };
            var estimationMethod = csv.GetString(method).Trim();
            points.Add(new GridPoint(
                csv.GetString(zone).Trim().ToUpperInvariant(),
                new DateTimeOffset(start, TimeSpan.Zero),
                Intensity(csv.GetString(direct), line, "direct"),
                Intensity(csv.GetString(lifecycle), line, "LCA"),
                GridSignals.Average,
                source,
                isEstimated ? GridQualities.Estimated : GridQualities.Historical)
            {
                EstimationMethod = isEstimated && estimationMethod.Length > 0 ? estimationMethod : null,
                FetchedAt = fetchedAt,
            });
        }

        return points;
    }

    private static int Column(CsvDataReader csv, string name)
    {
        for (var i = 0; i < csv.FieldCount; i++)
        {
            if (csv.GetName(i).Contains(name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new GridDataException($"the header has no column '{name}'.");
    }

    private static double? Intensity(string text, int line, string column)
    {
        var t = text.Trim();
        if (t.Length == 0 || t is "N/A" or "NA")
        {
            return null;
        }

        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
        {
            throw new GridDataException($"line {line}: the {column} intensity '{t}' is not a non-negative number.");
        }

        return value;
    }
}

/// <summary>Grid data that cannot be read.</summary>
public sealed class GridDataException : Exception
{
    /// <summary>Creates one.</summary>
    public GridDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates one.</summary>
    public GridDataException()
    {
    }

    /// <summary>Creates one.</summary>
    public GridDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
