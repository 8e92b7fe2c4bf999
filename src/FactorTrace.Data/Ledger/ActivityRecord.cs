using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Ledger;

/// <summary>A tenant's activity record: what was consumed or bought, when, where, and how much.</summary>
public sealed class ActivityRecord : ITenantOwned
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>Activity id (canonical, source-specific or the tenant's own factor's).</summary>
    public string? ActivityId { get; set; }

    /// <summary>Free-text description (matched when there is no activity id).</summary>
    public string? Description { get; set; }

    /// <summary>Amount in <see cref="Unit"/>; negative for refunds and corrections.</summary>
    public double? Amount { get; set; }

    /// <summary>Unit.</summary>
    public string? Unit { get; set; }

    /// <summary>Date of the activity (or null when it has a period).</summary>
    public DateOnly? Date { get; set; }

    /// <summary>Start of the period it covers.</summary>
    public DateOnly? PeriodStart { get; set; }

    /// <summary>End of the period it covers.</summary>
    public DateOnly? PeriodEnd { get; set; }

    /// <summary>The date it is accounted on: <see cref="Date"/>, else <see cref="PeriodStart"/>.</summary>
    public DateOnly AccountingDate { get; set; }

    /// <summary>Site or facility.</summary>
    public string? Site { get; set; }

    /// <summary>Region code.</summary>
    public string? Region { get; set; }

    /// <summary>Scope override.</summary>
    public string? Scope { get; set; }

    /// <summary>Category override.</summary>
    public string? Category { get; set; }

    /// <summary>Scope 1 source type: mobile-combustion, stationary-combustion, process or fugitive (<see cref="ActivityValidation.NormalizeScope1Source"/>).</summary>
    public string? Scope1Source { get; set; }

    /// <summary>Supplier.</summary>
    public string? Supplier { get; set; }

    /// <summary>Spend.</summary>
    public double? Spend { get; set; }

    /// <summary>Currency of the spend.</summary>
    public string? Currency { get; set; }

    /// <summary>Contractual instrument type (certificate, ppa, green_tariff).</summary>
    public string? InstrumentType { get; set; }

    /// <summary>Certificate or contract number.</summary>
    public string? InstrumentReference { get; set; }

    /// <summary>Emission rate the instrument conveys, kg CO2e/kWh.</summary>
    public double? InstrumentKgCo2ePerKwh { get; set; }

    /// <summary>Notes.</summary>
    public string? Notes { get; set; }

    /// <summary>
    /// How the activity id was found when the row had only a description: <c>local 0.85</c>, <c>supplier_rule 1.00</c>,
    /// <c>llm:primary 0.92</c>, <c>value_map</c>; null when the activity id was given.
    /// </summary>
    public string? ClassifiedBy { get; set; }

    /// <summary>The import it came from.</summary>
    public Guid? ImportId { get; set; }

    /// <summary>Created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Last changed (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}
