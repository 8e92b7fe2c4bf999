namespace FactorTrace.Calculation;

/// <summary>
/// One activity record as the calculation sees it. The quantity is <see cref="Amount"/> in <see cref="Unit"/>, or, when
/// no unit is given, <see cref="Spend"/> in <see cref="Currency"/> (spend-based activities).
/// </summary>
public sealed record ActivityInput
{
    /// <summary>The stored record's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>An activity id (canonical, source-specific, or the tenant's own factor's id).</summary>
    public string? ActivityId { get; init; }

    /// <summary>Free text matched to an activity when there is no id.</summary>
    public string? Description { get; init; }

    /// <summary>The amount in <see cref="Unit"/>; negative for refunds and corrections.</summary>
    public double? Amount { get; init; }

    /// <summary>Unit code or alias.</summary>
    public string? Unit { get; init; }

    /// <summary>The accounting date: the activity date, or the start of its period.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>First day of the period the record covers, when it has one.</summary>
    public DateOnly? PeriodStart { get; init; }

    /// <summary>Last day of the period the record covers, when it has one.</summary>
    public DateOnly? PeriodEnd { get; init; }

    /// <summary>Site or facility.</summary>
    public string? Site { get; init; }

    /// <summary>Region code; <c>GLOBAL</c> is used (and said) when missing.</summary>
    public string? Region { get; init; }

    /// <summary>GHG Protocol scope override (1, 2 or 3).</summary>
    public string? Scope { get; init; }

    /// <summary>Scope 3 category override (for example <c>3.6</c>).</summary>
    public string? Category { get; init; }

    /// <summary>Scope 1 source type (mobile-combustion, stationary-combustion, process, fugitive), kept on Scope 1 results.</summary>
    public string? Scope1Source { get; init; }

    /// <summary>Supplier (matched to the tenant's supplier-specific electricity factors).</summary>
    public string? Supplier { get; init; }

    /// <summary>Spend amount.</summary>
    public double? Spend { get; init; }

    /// <summary>ISO 4217 code of <see cref="Spend"/>.</summary>
    public string? Currency { get; init; }

    /// <summary>A contractual instrument covering this electricity (certificate, PPA, green tariff).</summary>
    public ContractualInstrument? Instrument { get; init; }
}

/// <summary>
/// A contractual instrument for purchased electricity (GHG Protocol Scope 2 Guidance): energy attribute certificates
/// (GO, REGO, REC, I-REC), a power purchase agreement or a green tariff, with the emission rate it conveys.
/// </summary>
/// <param name="Type"><c>certificate</c>, <c>ppa</c>, <c>green_tariff</c> or another label.</param>
/// <param name="Reference">Certificate or contract number.</param>
/// <param name="KgCo2ePerKwh">The emission rate the instrument conveys (0 for renewable certificates).</param>
public sealed record ContractualInstrument(string Type, string? Reference, double KgCo2ePerKwh);
