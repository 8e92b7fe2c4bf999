using FactorTrace.Data.Ledger;

namespace FactorTrace.Import.Processing;

/// <summary>The issues and cells of the row being converted.</summary>
internal sealed class RowState(long row, bool withCells)
{
    private List<ImportIssue>? _issues;
    private List<CellResult>? _cells = withCells ? [] : null;

    public bool HasErrors { get; private set; }

    /// <summary>Per-cell results are wanted (preview rows only): callers skip formatting values otherwise.</summary>
    public bool Previewing => _cells is not null;

    public void Issue(string? column, string? value, string code, string severity, string message, string? suggestion = null)
    {
        (_issues ??= []).Add(ImportIssue.Create(row, column, value, code, severity, message, suggestion));
        HasErrors |= severity == ImportIssue.Error;
    }

    public void Error(string? column, string field, string raw, string code, string message, string? suggestion)
    {
        Issue(column, raw, code, ImportIssue.Error, message, suggestion);
        Cell(column ?? "(default)", field, raw, null, "error", message);
    }

    /// <summary>The row waits for a decision about its column (or file): invalid, but no issue of its own.</summary>
    public void Block(string column, string field, string raw, string message)
    {
        HasErrors = true;
        Cell(column, field, raw, null, "decision", message);
    }

    public void Warn(string? column, string field, string raw, string code, string message, string? suggestion = null)
    {
        Issue(column, raw, code, ImportIssue.Warning, message, suggestion);
        Cell(column ?? "(default)", field, raw, null, "warning", message);
    }

    public void Cell(string column, string field, string raw, string? value, string status, string? message, IReadOnlyList<string>? alternatives = null)
    {
        if (_cells is null)
        {
            return;
        }

        var existing = _cells.FindIndex(c => c.Column == column && c.Field == field);
        var cell = new CellResult(column, field, raw.Length > 200 ? string.Concat(raw.AsSpan(0, 200), "…") : raw, value, status, message, alternatives);
        if (existing >= 0)
        {
            // A warning or error outranks a plain result of the same cell; the normalized value is kept from either.
            var previous = _cells[existing];
            _cells[existing] = previous.Status is "ok" or "empty"
                ? cell with { Value = value ?? previous.Value }
                : previous with { Value = previous.Value ?? value };
        }
        else
        {
            _cells.Add(cell);
        }
    }

    public ConvertedRow Result(ActivityBody? body) => new(row, body, (IReadOnlyList<ImportIssue>?)_issues ?? [], _cells);
}
