using System.Globalization;

namespace FactorTrace.Datasets.Ingestion;

/// <summary>Reads numbers from cells: invariant culture, exponents allowed, and the datasets' missing-value markers.</summary>
internal static class CellValues
{
    private static readonly HashSet<string> MissingMarkers = new(StringComparer.OrdinalIgnoreCase)
    {
        "NA", "N/A", "not-supplied", "-", "n.a.", "#N/A",
    };

    /// <summary>Whether the text is blank or a missing-value marker (none of which means zero).</summary>
    public static bool IsMissing(string? text) => string.IsNullOrWhiteSpace(text) || MissingMarkers.Contains(text.Trim());

    /// <summary>Parses a number; null for a missing marker; throws <see cref="FormatException"/> for other text.</summary>
    public static double? ParseNumber(string? text)
    {
        if (IsMissing(text))
        {
            return null;
        }

        var trimmed = text!.Trim().Replace("\u00a0", "", StringComparison.Ordinal);
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new FormatException($"'{text}' is not a number");
    }

    /// <summary>Parses a year: <c>2024</c>, or the first year of a range such as <c>2019-2021</c>.</summary>
    public static int? ParseYear(string? text)
    {
        if (IsMissing(text))
        {
            return null;
        }

        var trimmed = text!.Trim();
        var head = trimmed.Length >= 4 ? trimmed[..4] : trimmed;
        if (int.TryParse(head, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is > 1900 and < 2200)
        {
            return year;
        }

        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d is > 1900 and < 2200)
        {
            return (int)d;
        }

        throw new FormatException($"'{text}' is not a year");
    }
}
