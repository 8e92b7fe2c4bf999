using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Ledger;

/// <summary>
/// One record's result under one method in one run, or one month part of it when the record spans several months
/// (<see cref="Share"/> below 1; see <see cref="FactorTrace.Calculation.MonthlyAllocation"/>). Written in bulk; see <see cref="ResultWriter"/>.
/// </summary>
public sealed class EmissionResult : ITenantOwned
{
    /// <summary>The run.</summary>
    public Guid RunId { get; set; }

    /// <summary>The record.</summary>
    public Guid RecordId { get; set; }

    /// <summary><c>both</c>, <c>location</c> or <c>market</c>.</summary>
    public required string Method { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>Accounting date: the record's, or the first day of its month part (part of the key).</summary>
    public DateOnly AccountingDate { get; set; }

    /// <summary>The record's share in this row: 1 for a whole record, days of the month part over the period's days.</summary>
    public double Share { get; set; } = 1;

    /// <summary>Scope.</summary>
    public required string Scope { get; set; }

    /// <summary>Category.</summary>
    public string? Category { get; set; }

    /// <summary>Site.</summary>
    public string? Site { get; set; }

    /// <summary>Scope 1 source type of a Scope 1 row: mobile-combustion, stationary-combustion, process or fugitive.</summary>
    public string? Scope1Source { get; set; }

    /// <summary>Quantity multiplied.</summary>
    public double Quantity { get; set; }

    /// <summary>Its unit.</summary>
    public string? Unit { get; set; }

    /// <summary>kg CO2e.</summary>
    public double KgCo2e { get; set; }

    /// <summary>kg CO2e of CO2.</summary>
    public double Co2KgCo2e { get; set; }

    /// <summary>kg CO2e of CH4.</summary>
    public double Ch4KgCo2e { get; set; }

    /// <summary>kg CO2e of N2O.</summary>
    public double N2oKgCo2e { get; set; }

    /// <summary>kg CO2e of other gases.</summary>
    public double OtherKgCo2e { get; set; }

    /// <summary>kg biogenic CO2 (biomass fuels, biofuel blends): outside the scopes, in neither <see cref="KgCo2e"/> nor a gas column.</summary>
    public double BiogenicCo2Kg { get; set; }

    /// <summary>Factor number in the run (−1 for none).</summary>
    public int FactorNo { get; set; }

    /// <summary>σ of ln of the factor.</summary>
    public double SigmaLn { get; set; }

    /// <summary>Quality score.</summary>
    public int QualityScore { get; set; }

    /// <summary>Quality tier 1–5.</summary>
    public int Tier { get; set; }

    /// <summary>Primary data.</summary>
    public bool IsPrimary { get; set; }

    /// <summary><c>ok</c> or <c>error</c>.</summary>
    public required string Status { get; set; }

    /// <summary>Error code.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>Error or note.</summary>
    public string? Note { get; set; }

    /// <summary>How the value was reached when not by the factor as answered (<c>hourly_grid_profile</c>); null otherwise.</summary>
    public string? Basis { get; set; }
}
