using FactorTrace.Data.Imports;
using FactorTrace.Import.Mapping;
using FactorTrace.Import.Processing;
using FactorTrace.Import.Storage;

namespace FactorTrace.Server.Imports;

/// <summary>An import as the API returns it.</summary>
internal sealed record ImportView(
    Guid Id, string Status, string FileName, string Format, long SizeBytes, string Sha256, string? Template, string CreatedBy, DateTime CreatedAt, DateTime? CommittedAt,
    DateTime? RolledBackAt, long Committed, LayoutView? Layout, ImportMapping? Mapping, SummaryView Summary, IReadOnlyList<ImportIssue>? Notes,
    IReadOnlyList<PreviewRow>? Preview, IReadOnlyList<DuplicateImport>? Duplicates, ImportProgress.Snapshot? Progress)
{
    /// <summary>Columns whose field was only guessed (confidence below 0.5): check them before committing.</summary>
    public IReadOnlyList<ColumnMapping>? UnconfirmedColumns { get; init; }

    /// <summary>One question per ambiguous column (unit, date order) or per file (activity), each answered once for every row.</summary>
    public IReadOnlyList<ImportDecision>? Decisions { get; init; }

    public static ImportView From(ImportResult result, ImportProgress.Snapshot? progress) => new(
        result.Import.Id, result.Import.Status, result.Import.FileName, result.Import.Format, result.Import.SizeBytes, result.Import.FileSha256, result.Import.Template,
        result.Import.CreatedBy, result.Import.CreatedAt, result.Import.CommittedAt, result.Import.RolledBackAt, result.Import.Committed,
        LayoutView.From(result.Analysis.Layout), result.Analysis.Mapping, SummaryView.From(result.Import), result.Analysis.Notes,
        result.Preview.Select(PreviewRow.From).ToList(), result.Duplicates, progress)
    {
        UnconfirmedColumns = result.Analysis.Mapping.Unconfirmed(),
        Decisions = result.Analysis.Mapping.Decisions,
    };

    public static ImportView Brief(ActivityImport i) => new(
        i.Id, i.Status, i.FileName, i.Format, i.SizeBytes, i.FileSha256, i.Template, i.CreatedBy, i.CreatedAt, i.CommittedAt, i.RolledBackAt, i.Committed,
        null, null, SummaryView.From(i), null, null, null, null);
}

internal sealed record LayoutView(string Format, string? Encoding, bool Bom, string? Delimiter, string? Quote, string? Sheet, long? HeaderRow, IReadOnlyList<string> Headers)
{
    public static LayoutView From(FactorTrace.Import.Reading.FileLayout l) => new(
        l.Format, l.Encoding, l.Bom, l.Format is "csv" or "tsv" ? l.Delimiter.ToString() : null, l.Format is "csv" or "tsv" ? l.Quote.ToString() : null, l.SheetName, l.HeaderRow, l.Headers);
}

internal sealed record SummaryView(long Rows, long Valid, long Invalid, long Warnings)
{
    public static SummaryView From(ActivityImport i) => new(i.Rows, i.Valid, i.Invalid, i.Warnings);
}

/// <summary>A preview row: the record as it will be stored (null when invalid), each mapped cell's status, and the row's issues.</summary>
internal sealed record PreviewRow(long Row, string Status, FactorTrace.Data.Ledger.ActivityBody? Record, IReadOnlyList<CellResult> Cells, IReadOnlyList<ImportIssue> Issues)
{
    public static PreviewRow From(ConvertedRow r) => new(
        r.Row, r.Body is null ? "invalid" : r.Issues.Count > 0 ? "warning" : "valid", r.Body, r.Cells ?? [], r.Issues);
}
