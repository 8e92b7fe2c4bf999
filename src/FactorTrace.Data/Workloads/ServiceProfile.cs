using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Workloads;

/// <summary>A tenant's software service: the energy of one unit of its work, and where its emissions go in the ledger.</summary>
public sealed class ServiceProfile : ITenantOwned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>Name, unique in the tenant (<c>checkout-api</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>Energy of one unit of work at the server, in Wh (null: only measured energy is used).</summary>
    public double? WhPerUnit { get; set; }

    /// <summary>What one unit is (<c>request</c>, <c>job</c>, <c>GB</c>).</summary>
    public string Unit { get; set; } = "request";

    /// <summary>Power usage effectiveness of the facility (≥ 1; applied to energy per unit, not to measured energy at the meter).</summary>
    public double Pue { get; set; } = 1.0;

    /// <summary>Embodied emissions (hardware) as a share of operational emissions (0.2 adds 20 %), reported apart.</summary>
    public double EmbodiedShare { get; set; }

    /// <summary><c>scope2</c> (own data centres) or <c>scope3-cloud</c> (Scope 3 category 1, cloud computing).</summary>
    public string LedgerCategory { get; set; } = "scope3-cloud";

    /// <summary>Created, UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Last changed, UTC.</summary>
    public DateTime UpdatedAt { get; set; }
}
