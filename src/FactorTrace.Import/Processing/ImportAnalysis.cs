using FactorTrace.Import.Mapping;
using FactorTrace.Import.Reading;

namespace FactorTrace.Import.Processing;

/// <summary>How a file is read and mapped, and the column-level notes (number and date formats the data did not settle).</summary>
/// <param name="Layout">Format, encoding, delimiter, header row and headers.</param>
/// <param name="Mapping">The column mapping with each column's number format and date order.</param>
/// <param name="Notes">Column-level warnings.</param>
public sealed record ImportAnalysis(FileLayout Layout, ImportMapping Mapping, IReadOnlyList<ImportIssue> Notes);

/// <summary>What a validation pass counted.</summary>
public sealed record ValidationSummary
{
    /// <summary>Data rows (blank rows not counted).</summary>
    public long Rows { get; init; }

    /// <summary>Rows without errors.</summary>
    public long Valid { get; init; }

    /// <summary>Rows with at least one error.</summary>
    public long Invalid { get; init; }

    /// <summary>Warnings, column notes included.</summary>
    public long Warnings { get; init; }

    /// <summary>Errors (a row can have several).</summary>
    public long Errors { get; init; }
}
