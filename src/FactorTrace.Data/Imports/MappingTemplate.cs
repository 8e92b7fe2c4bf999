using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Imports;

/// <summary>A tenant's named, reusable column mapping.</summary>
public sealed class MappingTemplate : ITenantOwned
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>Name, unique within the tenant.</summary>
    public string Name { get; set; } = "";

    /// <summary>The mapping, as JSON.</summary>
    public string Mapping { get; set; } = "{}";

    /// <summary>Created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Last changed (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}
