using FactorTrace.Import;
using Numbers = FactorTrace.Import.Normalization.NumberFormat;

namespace FactorTrace.Grid.Workloads.Files;

/// <summary>How a workload file is read.</summary>
public sealed record WorkloadFileOptions
{
    /// <summary>Most data rows in one file: they are stored in one transaction.</summary>
    public const int DefaultMaxRows = 100_000;

    /// <summary>Most problems listed; the count covers them all.</summary>
    public const int DefaultMaxErrors = 10_000;

    /// <summary>
    /// <see cref="Numbers.Eu"/> (decimal comma) or <see cref="Numbers.Us"/> (decimal point); null reads a
    /// decimal point and refuses any number that only reads, or also reads, with a decimal comma.
    /// </summary>
    public string? NumberFormat { get; init; }

    /// <summary>The importer's file limits (size, cell length, XLSX expansion).</summary>
    public ImportOptions Limits { get; init; } = new();

    /// <summary>Most data rows.</summary>
    public int MaxRows { get; init; } = DefaultMaxRows;

    /// <summary>Most problems listed.</summary>
    public int MaxErrors { get; init; } = DefaultMaxErrors;

    /// <summary>
    /// Reads a number_format option as the activity importer names it (<c>eu</c>, <c>us</c>) or as a sample
    /// (<c>1.234,5</c>, <c>1,234.5</c>); empty is none. False when it is neither.
    /// </summary>
    public static bool TryParseNumberFormat(string? text, out string? format)
    {
        format = null;
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            return true;
        }

        if (value.Equals(Numbers.Eu, StringComparison.OrdinalIgnoreCase) || value.Equals(Numbers.Us, StringComparison.OrdinalIgnoreCase))
        {
            format = value.ToLowerInvariant();
            return true;
        }

        // A sample with both separators says which one is the decimal mark: the last.
        if (value.Contains(',', StringComparison.Ordinal) && value.Contains('.', StringComparison.Ordinal))
        {
            format = Numbers.Classify(value) switch
            {
                Numbers.Vote.Eu => Numbers.Eu,
                Numbers.Vote.Us => Numbers.Us,
                _ => null,
            };
        }

        return format is not null;
    }
}
