using FactorTrace.Activities;
using FactorTrace.Import.Mapping;
using FactorTrace.Import.Normalization;
using FactorTrace.Regions;
using static FactorTrace.Import.Processing.IssueText;

namespace FactorTrace.Import.Processing;

/// <summary>A mapped column of the file: where it is, the field it feeds and how its cells are read.</summary>
internal readonly record struct MappedColumn(int Index, string Header, string Field, string? NumberFormat, string? DateOrder, string? Unit, string? Currency);

/// <summary>
/// The field parsers: one mapped cell's text (after its value map, not empty, safe) read into the row's draft, dates
/// and numbers in the column's format, scopes, categories and regions by code or name. Units, currencies and
/// descriptions are only collected here; they are resolved for the whole row.
/// </summary>
internal sealed class CellReader(ImportDecision? headerUnitDecision, bool matchesNames)
{
    /// <summary>Reads the cell into <paramref name="draft"/>; problems become issues on <paramref name="state"/>.</summary>
    public void Read(RowState state, RowDraft draft, long row, MappedColumn column, string raw, string text, bool typed)
    {
        var (header, field) = (column.Header, column.Field);
        switch (field)
        {
            case "date":
            case "period":
            case "period_start":
            case "period_end":
                ReadDate(state, draft, column, raw, text, typed);
                break;

            case "amount":
            case "spend":
                ReadNumber(state, draft, row, column, raw, text);
                break;

            case "unit":
                draft.UnitText = text;
                draft.UnitColumn = header;
                break;

            case "currency":
                draft.CurrencyText = text;
                draft.CurrencyColumn = header;
                break;

            case "activity":
                ReadActivity(state, draft, header, raw, text);
                break;

            case "description":
                draft.Description = text;
                draft.DescriptionColumn = header;
                break;

            case "site":
                draft.Site = text;
                state.Cell(header, field, raw, text.Trim(), "ok", null);
                break;

            case "supplier":
                draft.Supplier = text;
                state.Cell(header, field, raw, text.Trim(), "ok", null);
                break;

            case "scope":
                draft.Scope = Classification.Scope(text);
                if (draft.Scope is null)
                {
                    state.Warn(header, field, raw, "invalid_scope", $"'{Short(raw)}' is not scope 1, 2 or 3; left empty (the activity's own scope applies).", "1, 2 or 3");
                }
                else
                {
                    state.Cell(header, field, raw, draft.Scope, "ok", null);
                }

                break;

            case "category":
                draft.Category = Classification.CategoryOrScope1Source(text);
                if (draft.Category is null)
                {
                    state.Warn(header, field, raw, "invalid_category", $"'{Short(raw)}' is not a GHG Protocol Scope 3 category; left empty (the activity's own category applies).",
                        "3.1 to 3.15, or a name such as Business travel");
                }
                else
                {
                    state.Cell(header, field, raw, draft.Category, "ok", null);
                }

                break;

            case "region":
                draft.Region = Classification.Region(text);
                if (draft.Region is null)
                {
                    // Optional: the calculation falls back to a wider region, so an unknown one is left empty, loudly.
                    state.Warn(header, field, raw, "unknown_region", $"'{Short(raw)}' is not a country, subdivision or region group FactorTrace knows; left empty.",
                        RegionHierarchy.Default.Suggest(text.Trim(), 3) is { Count: > 0 } near ? string.Join(", ", near) : "an ISO 3166 code such as GB, DE or US-CA");
                }
                else
                {
                    state.Cell(header, field, raw, draft.Region, "ok", null);
                }

                break;

            case "notes":
                draft.Notes = text;
                state.Cell(header, field, raw, text, "ok", null);
                break;

            default:
                break;
        }
    }

    private static void ReadDate(RowState state, RowDraft draft, MappedColumn column, string raw, string text, bool typed)
    {
        var (header, field) = (column.Header, column.Field);
        if (!DateFormat.TryParse(text, column.DateOrder ?? DateFormat.Dmy, typed, out var start, out var end))
        {
            state.Error(header, field, raw, "invalid_date", $"'{Short(raw)}' is not a date this column can read ({OrderName(column.DateOrder)}).", "YYYY-MM-DD, for example 2024-03-15");
            return;
        }

        if (field == "period_start")
        {
            draft.PeriodStart = start;
        }
        else if (field == "period_end")
        {
            draft.PeriodEnd = end;
        }
        else if (start == end && field == "date")
        {
            draft.Date = start;
        }
        else
        {
            draft.PeriodStart = start;
            draft.PeriodEnd = end;
        }

        if (state.Previewing)
        {
            state.Cell(header, field, raw, start == end ? Iso(start) : $"{Iso(start)}/{Iso(end)}", "ok", null);
        }
    }

    private void ReadNumber(RowState state, RowDraft draft, long row, MappedColumn column, string raw, string text)
    {
        var (header, field) = (column.Header, column.Field);
        if (!NumberFormat.TryParse(text, column.NumberFormat ?? NumberFormat.Us, out var number, out var percent, out var symbol))
        {
            var example = column.NumberFormat == NumberFormat.Eu ? "1.234,56" : "1,234.56";
            if (field == "spend")
            {
                // A spend is optional beside an amount: decided once the row's amount is known.
                draft.SpendProblem = ImportIssue.Create(row, header, raw, "not_a_number", ImportIssue.Error, $"'{Short(raw)}' is not a finite number.", example);
                draft.SpendColumn = header;
                return;
            }

            state.Error(header, field, raw, "not_a_number", $"'{Short(raw)}' is not a finite number.", example);
            return;
        }

        if (percent)
        {
            state.Warn(header, field, raw, "percent_value", $"'{Short(raw)}' has a percent sign; stored as {Num(number)}.");
        }

        if (field == "amount")
        {
            draft.Amount = number;
            draft.AmountUnit = column.Unit ?? headerUnitDecision?.Default;
        }
        else
        {
            draft.Spend = number;
            draft.SpendSymbol = symbol;
            draft.HeaderCurrency = column.Currency;
            draft.SpendColumn = header;
        }

        if (state.Previewing)
        {
            state.Cell(header, field, raw, Num(number), percent ? "warning" : "ok", null);
        }
    }

    private void ReadActivity(RowState state, RowDraft draft, string header, string raw, string text)
    {
        if (matchesNames && !ActivityIdShape.LooksLikeId(text.Trim()))
        {
            // A name ("Motor Gasoline - Gasoline Passenger Cars"), not an id: matched like a description.
            draft.ActivityName = text;
            draft.ActivityColumn = header;
            return;
        }

        // Written like an id: taken as one, never matched loosely (an unknown id is refused with suggestions).
        draft.Activity = text.Trim();
        state.Cell(header, "activity", raw, draft.Activity, "ok", null);
    }
}
