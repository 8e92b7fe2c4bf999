namespace FactorTrace.Data.Tenancy;

/// <summary>
/// The tenant a unit of work runs for. Set once per request after authentication; a context without a tenant sees no
/// tenant-owned rows (and, on PostgreSQL, the row-level security policies return none either).
/// </summary>
public sealed class TenantScope
{
    /// <summary>The current tenant, or null before authentication.</summary>
    public Guid? TenantId { get; private set; }

    /// <summary>Binds this scope to a tenant. A scope is bound at most once, so a request cannot switch tenants midway.</summary>
    public void Set(Guid tenantId)
    {
        if (TenantId is { } current && current != tenantId)
        {
            throw new InvalidOperationException("The tenant of a unit of work cannot change once set.");
        }

        TenantId = tenantId;
    }
}
