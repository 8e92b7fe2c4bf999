using FactorTrace.Data.Ledger;
using FactorTrace.Import.Mapping;
using FactorTrace.Import.Reading;

namespace FactorTrace.Import.Processing;

/// <summary>
/// Turns a data row into an activity record through the mapping: value maps, numbers and dates in each column's
/// format (<see cref="CellReader"/>), units and currencies through the registry (<see cref="UnitResolver"/>), scopes
/// and categories by number or name (<see cref="Classification"/>), descriptions matched to activity ids
/// (<see cref="ActivityResolver"/>); then the ledger's own record rules. Every problem becomes an
/// <see cref="ImportIssue"/> on its cell; a mapped cell holding a control or bidirectional-override character is an
/// <c>invalid_value</c> error of its own.
/// </summary>
public sealed class RowConverter
{
    private readonly ImportMapping _mapping;
    private readonly int _headerWidth;
    private readonly MappedColumn[] _columns;
    private readonly UnitResolver _units;
    private readonly ActivityResolver _activities;
    private readonly CellReader _cells;

    /// <summary>Creates a converter for one mapping.</summary>
    public RowConverter(ImportMapping mapping, IActivityMatcher? matcher, int headerWidth)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        _mapping = mapping;
        _headerWidth = headerWidth;
        _columns = mapping.Columns.Where(c => c.Field is not null).Select(c => new MappedColumn(c.Index, c.Header, c.Field!, c.NumberFormat, c.DateOrder, c.Unit, c.Currency)).ToArray();
        _units = new UnitResolver(mapping);
        _activities = new ActivityResolver(mapping, matcher);
        _cells = new CellReader(_units.HeaderUnitDecision, _activities.MatchesNames);
    }

    /// <summary>Converts one row; <paramref name="withCells"/> also returns per-cell results (for the preview).</summary>
    public ConvertedRow Convert(SourceRow row, bool withCells)
    {
        var state = new RowState(row.Number, withCells);
        var draft = new RowDraft();
        CheckWidth(row, state);
        foreach (var column in _columns)
        {
            var raw = row.Cell(column.Index);
            var text = _mapping.MapValue(column.Field, raw);
            // Notes are kept exactly, white space included; every other field treats white space as empty.
            if (column.Field == "notes" ? string.IsNullOrEmpty(text) : string.IsNullOrWhiteSpace(text))
            {
                state.Cell(column.Header, column.Field, raw, null, "empty", null);
                continue;
            }

            // A control or bidirectional-override character is never stored, nor stripped: the cell is an error until it is
            // fixed (a patch, a corrected file, or a value map to clean text). Notes may hold tabs and line breaks.
            if (ActivityValidation.Unsafe(column.Header, text, multiline: column.Field == "notes") is { } unsafeCell)
            {
                state.Error(column.Header, column.Field, raw, unsafeCell.Code, unsafeCell.Message, "the same text without the character");
                continue;
            }

            _cells.Read(state, draft, row.Number, column, raw, text, row.IsTyped(column.Index));
        }

        ApplyDefaults(draft);
        var unit = _units.ResolveUnit(state, draft);
        var currency = _units.ResolveSpend(state, draft, quantity: draft.Amount is not null && unit is not null);
        _activities.Resolve(state, draft);
        if (state.HasErrors)
        {
            return state.Result(null);
        }

        var body = new ActivityBody
        {
            ActivityId = draft.Activity,
            Description = draft.Description,
            Amount = draft.Amount,
            Unit = draft.Amount is null ? null : unit,
            Date = draft.Date,
            PeriodStart = draft.Date is null ? draft.PeriodStart : null,
            PeriodEnd = draft.Date is null ? draft.PeriodEnd : null,
            Site = draft.Site,
            Region = draft.Region,
            Scope = draft.Scope,
            Category = draft.Category,
            Supplier = draft.Supplier,
            Spend = draft.Spend,
            Currency = currency,
            Notes = draft.Notes,
        };
        var converted = Validate(row, state, body);
        return converted.Body is null || draft.ClassifiedBy is null ? converted : converted with { ClassifiedBy = draft.ClassifiedBy };
    }

    /// <summary>A row wider than the header (extra non-empty cells ignored) or shorter (missing cells read as empty) is a warning.</summary>
    private void CheckWidth(SourceRow row, RowState state)
    {
        if (row.Cells.Length > _headerWidth && _headerWidth > 0)
        {
            var extra = row.Cells.Skip(_headerWidth).Count(c => !string.IsNullOrWhiteSpace(c));
            if (extra > 0)
            {
                state.Issue(null, null, "ragged_row", ImportIssue.Warning,
                    $"The row has {row.Cells.Length} cells and the header {_headerWidth}; the {extra} extra non-empty cell(s) are ignored.");
            }
        }
        else if (row.Cells.Length < _headerWidth && _columns.Any(c => c.Index >= row.Cells.Length))
        {
            state.Issue(null, null, "short_row", ImportIssue.Warning, $"The row has {row.Cells.Length} cells and the header {_headerWidth}; the missing cells are read as empty.");
        }
    }

    /// <summary>Defaults fill fields no column gave.</summary>
    private void ApplyDefaults(RowDraft draft)
    {
        draft.UnitText ??= _mapping.DefaultFor("unit");
        draft.CurrencyText ??= _mapping.DefaultFor("currency");
        draft.Region ??= _mapping.DefaultFor("region")?.ToUpperInvariant();
        draft.Scope ??= _mapping.DefaultFor("scope") is { } defaultScope ? Classification.Scope(defaultScope) : null;
        draft.Category ??= _mapping.DefaultFor("category") is { } defaultCategory ? Classification.CategoryOrScope1Source(defaultCategory) : null;
        draft.Site ??= _mapping.DefaultFor("site");
        draft.Supplier ??= _mapping.DefaultFor("supplier");
        draft.Activity ??= _mapping.DefaultFor("activity");
    }

    /// <summary>
    /// The ledger's record rules. Optional fields never sink a row whose activity can be computed: their problem is a
    /// warning and the field is left empty. What the calculation needs (activity, amount and unit or spend and currency,
    /// date) stays an error.
    /// </summary>
    private ConvertedRow Validate(SourceRow row, RowState state, ActivityBody body)
    {
        for (var attempt = 0; attempt < 12 && ActivityValidation.Validate(body) is { } invalid; attempt++)
        {
            var column = ColumnOf(invalid.Field);
            var raw = column is null ? "" : row.Cell(_mapping.Columns.First(c => c.Header == column).Index);
            var suggestion = invalid.Suggestions is { Count: > 0 } s ? string.Join(", ", s) : null;
            if (Optional(body, invalid) is { } without)
            {
                state.Warn(column, invalid.Field, raw, invalid.Code, $"{invalid.Message} The {invalid.Field} is left empty; the row is kept.", suggestion);
                body = without;
                continue;
            }

            state.Error(column, invalid.Field, raw, invalid.Code, invalid.Message, suggestion);
            return state.Result(null);
        }

        return state.Result(ActivityValidation.WithScope1Source(body));
    }

    /// <summary>The body without the optional field <paramref name="invalid"/> names, or null when the field is needed.</summary>
    private static ActivityBody? Optional(ActivityBody body, FieldError invalid)
    {
        var quantity = body.Amount is not null && !string.IsNullOrWhiteSpace(body.Unit);
        return invalid.Field switch
        {
            "site" => body with { Site = null },
            "supplier" => body with { Supplier = null },
            "region" => body with { Region = null },
            "notes" => body with { Notes = null },
            "scope" => body with { Scope = null },
            "category" => body with { Category = null },
            "spend" or "currency" when quantity => body with { Spend = null, Currency = null },
            "description" when !string.IsNullOrWhiteSpace(body.ActivityId) => body with { Description = null },
            _ => null,
        };
    }

    /// <summary>The header of the column a record field's problem belongs to.</summary>
    private string? ColumnOf(string field)
    {
        var target = field switch
        {
            "activity_id" => _mapping.For("activity") is null ? "description" : "activity",
            "unit" => _mapping.For("unit") is null ? "amount" : "unit",
            "period_start" or "period_end" when _mapping.For(field) is null => _mapping.For("period") is null ? "date" : "period",
            _ => field,
        };
        return _mapping.For(target)?.Header;
    }
}
