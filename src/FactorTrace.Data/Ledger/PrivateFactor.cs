using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Ledger;

/// <summary>A tenant's own factor (stored form of <see cref="Calculation.PrivateFactorDefinition"/>).</summary>
public sealed class PrivateFactor : ITenantOwned
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>Activity it answers for.</summary>
    public required string ActivityId { get; set; }

    /// <summary>Name.</summary>
    public required string Name { get; set; }

    /// <summary><c>product</c> or <c>electricity_supplier</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>Region; null for any.</summary>
    public string? Region { get; set; }

    /// <summary>Unit of the value.</summary>
    public required string Unit { get; set; }

    /// <summary>kg CO2e per unit.</summary>
    public double KgCo2ePerUnit { get; set; }

    /// <summary>GWP set of the value.</summary>
    public required string GwpSet { get; set; }

    /// <summary>kg CO2 per unit.</summary>
    public double? Co2KgPerUnit { get; set; }

    /// <summary>kg CH4 per unit.</summary>
    public double? Ch4KgPerUnit { get; set; }

    /// <summary>kg N2O per unit.</summary>
    public double? N2oKgPerUnit { get; set; }

    /// <summary>Supplier.</summary>
    public string? Supplier { get; set; }

    /// <summary>First valid day.</summary>
    public DateOnly? ValidFrom { get; set; }

    /// <summary>Last valid day.</summary>
    public DateOnly? ValidTo { get; set; }

    /// <summary>Evidence.</summary>
    public string? Evidence { get; set; }

    /// <summary>Geometric standard deviation, when stated.</summary>
    public double? Gsd { get; set; }

    /// <summary>Created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Last changed (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}
