namespace FactorTrace.Data.Tenancy;

/// <summary>A row that belongs to one tenant. Queries are filtered by it and, on PostgreSQL, row-level security enforces it.</summary>
public interface ITenantOwned
{
    /// <summary>The owning tenant.</summary>
    Guid TenantId { get; }
}
