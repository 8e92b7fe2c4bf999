using FactorTrace.Import.Mapping;
using FactorTrace.Units;
using static FactorTrace.Import.Processing.IssueText;

namespace FactorTrace.Import.Processing;

/// <summary>
/// Units and currencies of one mapping's rows: cell texts through the value maps and the unit registry (cached), the
/// columns' unit decisions, and the rules that make a spend optional beside an amount with its unit.
/// </summary>
internal sealed class UnitResolver
{
    private const int CacheLimit = 20_000;

    private readonly ImportMapping _mapping;
    private readonly Dictionary<string, (string? Code, ImportIssue? Problem)> _units = new(StringComparer.Ordinal);

    public UnitResolver(ImportMapping mapping)
    {
        _mapping = mapping;
        HeaderUnitDecision = mapping.Decisions.FirstOrDefault(d => d.Kind == "unit" && d.Field == "amount" && d.Column == mapping.For("amount")?.Header);
    }

    /// <summary>The open or answered question about the unit the amount column's header names.</summary>
    public ImportDecision? HeaderUnitDecision { get; }

    /// <summary>The row's unit code from its unit cell (or default) or the amount's header; null when it has none or waits for a decision.</summary>
    public string? ResolveUnit(RowState state, RowDraft draft)
    {
        if (draft.UnitText is { } unitText)
        {
            var (code, problem) = Lookup(unitText, money: false);
            if (problem is not null)
            {
                state.Error(draft.UnitColumn, "unit", unitText, problem.Code, problem.Message, problem.Suggestion);
                return null;
            }

            if (code is null)
            {
                // An ambiguous word with a question open for the whole column: the row waits for the answer.
                state.Block(draft.UnitColumn ?? "(default)", "unit", unitText, $"'{Short(unitText)}' is ambiguous: answer the column's decision.");
                return null;
            }

            var assumed = Decision(unitText) is { Default: { } d } && d == code;
            state.Cell(draft.UnitColumn ?? "(default)", "unit", unitText, code, assumed ? "assumed" : "ok", assumed ? $"Read as {code}: the column's decision, not confirmed yet." : null);
            return code;
        }

        if (draft.AmountUnit is not null)
        {
            return draft.AmountUnit;
        }

        if (draft.Amount is not null && HeaderUnitDecision is { Default: null })
        {
            state.Block(HeaderUnitDecision.Column!, "amount", HeaderUnitDecision.Value ?? "", $"The header's unit '{HeaderUnitDecision.Value}' is ambiguous: answer the column's decision.");
        }

        return null;
    }

    /// <summary>
    /// The row's currency, and its spend kept or dropped: beside an amount with its unit (<paramref name="quantity"/>) a
    /// spend's problems are warnings and the spend is left empty; without one they are errors. Null without a spend.
    /// </summary>
    public string? ResolveSpend(RowState state, RowDraft draft, bool quantity)
    {
        string? currency = null;
        if (draft.CurrencyText is { } currencyText)
        {
            var (code, problem) = Lookup(currencyText, money: true);
            if (problem is not null)
            {
                if (quantity)
                {
                    // The spend is optional beside an amount with its unit: the row stays, without the spend.
                    state.Warn(draft.CurrencyColumn, "currency", currencyText, problem.Code, problem.Message + " The spend is left empty.", problem.Suggestion);
                    draft.Spend = null;
                }
                else
                {
                    state.Error(draft.CurrencyColumn, "currency", currencyText, problem.Code, problem.Message, problem.Suggestion);
                }
            }
            else
            {
                currency = code;
                state.Cell(draft.CurrencyColumn ?? "(default)", "currency", currencyText, code, "ok", null);
            }
        }
        else if (draft.HeaderCurrency is not null)
        {
            currency = draft.HeaderCurrency;
        }
        else if (draft.SpendSymbol is not null && Lookup(draft.SpendSymbol, money: true).Code is { } fromSymbol)
        {
            currency = fromSymbol;
        }

        if (draft.SpendProblem is { } spendProblem)
        {
            if (quantity)
            {
                state.Warn(spendProblem.Column, "spend", spendProblem.Value ?? "", spendProblem.Code, spendProblem.Message + " The spend is left empty.", spendProblem.Suggestion);
            }
            else
            {
                state.Error(spendProblem.Column, "spend", spendProblem.Value ?? "", spendProblem.Code, spendProblem.Message, spendProblem.Suggestion);
            }
        }

        if (draft.Spend is { } spend && currency is null && quantity)
        {
            state.Warn(draft.SpendColumn, "spend", Num(spend), "missing_currency", "The spend has no currency (no currency column, none in the header, no default); it is left empty.",
                "a currency column, a currency in the header such as Cost (EUR), or defaults.currency");
            draft.Spend = null;
        }

        return draft.Spend is null ? null : currency;
    }

    /// <summary>A unit (or, with <paramref name="money"/>, a currency) code for a cell's text, or the problem with it.</summary>
    public (string? Code, ImportIssue? Problem) Lookup(string text, bool money)
    {
        var mapped = _mapping.MapValue(money ? "currency" : "unit", text);
        if (_units.TryGetValue((money ? "$" : "") + mapped, out var cached))
        {
            return cached;
        }

        var trimmed = mapped.Trim();
        var lookup = UnitRegistry.Default.Lookup(trimmed);
        (string?, ImportIssue?) result;
        if (lookup.Unit is { } unit && (unit.Dimension == "money") == money)
        {
            result = (unit.Code, null);
        }
        else if (lookup.IsAmbiguous && !money && Decision(trimmed) is { } decision)
        {
            // One question for the column: its default (from the file's own region) when it has one, else the row waits.
            result = (decision.Default, null);
        }
        else if (lookup.IsAmbiguous)
        {
            result = (null, ImportIssue.Create(null, null, text, "ambiguous_unit", ImportIssue.Error,
                $"'{trimmed}' is ambiguous; say which one (map the value, or fix the cell).", string.Join(", ", lookup.Choices)));
        }
        else if (money)
        {
            var suggestions = UnitRegistry.Default.Suggest(trimmed).Where(s => UnitRegistry.Default.Get(s)?.Dimension == "money").ToList();
            result = (null, ImportIssue.Create(null, null, text, "unknown_currency", ImportIssue.Error,
                $"'{trimmed}' is not an ISO 4217 currency code this service converts.", suggestions.Count > 0 ? string.Join(", ", suggestions) : "EUR, USD, GBP"));
        }
        else
        {
            var suggestions = UnitRegistry.Default.Suggest(trimmed).Where(s => UnitRegistry.Default.Get(s)?.Dimension != "money").ToList();
            result = (null, ImportIssue.Create(null, null, text, lookup.Unit is not null ? "invalid_unit" : "unknown_unit", ImportIssue.Error,
                lookup.Unit is not null ? $"'{trimmed}' is a currency, not a unit of quantity." : $"Unknown unit '{trimmed}'.", suggestions.Count > 0 ? string.Join(", ", suggestions) : null));
        }

        if (_units.Count < CacheLimit)
        {
            _units[(money ? "$" : "") + mapped] = result;
        }

        return result;
    }

    private ImportDecision? Decision(string text) =>
        _mapping.Decisions.FirstOrDefault(d => d.Kind == "unit" && d.Field == "unit" && string.Equals(d.Value, text.Trim(), StringComparison.OrdinalIgnoreCase));
}
