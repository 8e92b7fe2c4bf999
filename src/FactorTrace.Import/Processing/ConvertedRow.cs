using FactorTrace.Data.Ledger;

namespace FactorTrace.Import.Processing;

/// <summary>A data row after mapping and normalization: the record it becomes (null when it has errors) and its issues.</summary>
/// <param name="Row">Row number in the file.</param>
/// <param name="Body">The record, or null.</param>
/// <param name="Issues">Errors and warnings (empty when clean).</param>
/// <param name="Cells">Per-cell results, only when asked for (the preview).</param>
/// <param name="ClassifiedBy">How the activity was found from a description (<see cref="ActivityMatch.Method"/> and confidence), or null.</param>
public sealed record ConvertedRow(long Row, ActivityBody? Body, IReadOnlyList<ImportIssue> Issues, IReadOnlyList<CellResult>? Cells, string? ClassifiedBy = null);

/// <summary>One mapped cell as it will be stored, with its status (ok, matched, warning, error, empty).</summary>
/// <param name="Column">Header.</param>
/// <param name="Field">Field it feeds.</param>
/// <param name="Raw">Text in the file.</param>
/// <param name="Value">Normalized value as stored.</param>
/// <param name="Status">ok, matched, warning, error or empty.</param>
/// <param name="Message">Why, when not ok.</param>
/// <param name="Alternatives">Other activity ids for a matched description.</param>
public sealed record CellResult(string Column, string Field, string Raw, string? Value, string Status, string? Message, IReadOnlyList<string>? Alternatives = null);
