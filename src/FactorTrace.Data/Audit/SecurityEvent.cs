namespace FactorTrace.Data.Audit;

/// <summary>
/// The platform's own security log: what operators must see and tenants must not (probes of other tenants' ids, failed
/// and throttled sign-ins, refused privilege changes). Not tenant-owned: only platform admins read it.
/// </summary>
public sealed class SecurityEvent
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTime At { get; set; }

    /// <summary>What happened, dotted (<c>access.cross_tenant_probe</c>, <c>auth.sign_in_failed</c>, <c>auth.locked_out</c>).</summary>
    public required string Kind { get; set; }

    /// <summary>The caller's tenant, when known.</summary>
    public Guid? ActorTenantId { get; set; }

    /// <summary>Who: <c>user:&lt;id&gt;</c>, <c>key:&lt;id&gt;</c>, <c>anonymous</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>The tenant whose resource was the target, when it is another one.</summary>
    public Guid? TargetTenantId { get; set; }

    /// <summary>Kind of resource (<c>user</c>, <c>activity</c>, <c>account</c>).</summary>
    public string? Resource { get; set; }

    /// <summary>Its id (or the e-mail for sign-ins).</summary>
    public string? ResourceId { get; set; }

    /// <summary>The client address.</summary>
    public string? ClientAddress { get; set; }

    /// <summary>The request id.</summary>
    public string? RequestId { get; set; }

    /// <summary>Free text.</summary>
    public string? Detail { get; set; }
}
