namespace FactorTrace.Import.Processing;

/// <summary>What one row's cells said, field by field, before defaults, unit and currency resolution and activity matching.</summary>
internal sealed class RowDraft
{
    public double? Amount { get; set; }

    /// <summary>The unit the amount's header names (or its column's answered decision).</summary>
    public string? AmountUnit { get; set; }

    public double? Spend { get; set; }

    /// <summary>A currency symbol written in the spend cell (<c>€12</c>).</summary>
    public string? SpendSymbol { get; set; }

    public string? SpendColumn { get; set; }

    /// <summary>The spend cell's problem, decided once the row's amount is known (a spend is optional beside an amount).</summary>
    public ImportIssue? SpendProblem { get; set; }

    /// <summary>The currency the spend's header names.</summary>
    public string? HeaderCurrency { get; set; }

    public string? UnitText { get; set; }

    public string? UnitColumn { get; set; }

    public string? CurrencyText { get; set; }

    public string? CurrencyColumn { get; set; }

    public string? Activity { get; set; }

    /// <summary>An activity column's text that is a name, not an id: matched like a description.</summary>
    public string? ActivityName { get; set; }

    public string? ActivityColumn { get; set; }

    public string? Description { get; set; }

    public string? DescriptionColumn { get; set; }

    /// <summary>How the activity was found from the description or name (the record's <c>ClassifiedBy</c>).</summary>
    public string? ClassifiedBy { get; set; }

    public string? Site { get; set; }

    public string? Supplier { get; set; }

    public string? Scope { get; set; }

    public string? Category { get; set; }

    public string? Region { get; set; }

    public string? Notes { get; set; }

    public DateOnly? Date { get; set; }

    public DateOnly? PeriodStart { get; set; }

    public DateOnly? PeriodEnd { get; set; }
}
