using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Reporting;

/// <summary>A tenant's inputs for one reporting period that the ledger does not hold: net revenue, the Scope 1 share under emission trading schemes, Scope 3 exclusions.</summary>
public sealed class ReportingPeriod : ITenantOwned
{
    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>First day.</summary>
    public DateOnly From { get; set; }

    /// <summary>Last day.</summary>
    public DateOnly To { get; set; }

    /// <summary>Net revenue of the period (ESRS E1-6 intensity denominator).</summary>
    public decimal? NetRevenue { get; set; }

    /// <summary>Its ISO 4217 currency.</summary>
    public string? Currency { get; set; }

    /// <summary>Per cent of gross Scope 1 from installations under regulated emission trading schemes.</summary>
    public double? EtsSharePercent { get; set; }

    /// <summary>Scope 3 categories left out and why, JSON object of category number to reason.</summary>
    public string? Scope3Exclusions { get; set; }

    /// <summary>The tenant's narrative disclosures for the period, JSON object of text-block key to text.</summary>
    public string? Narratives { get; set; }

    /// <summary>Last change (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}
