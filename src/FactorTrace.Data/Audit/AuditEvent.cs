using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Audit;

/// <summary>Something a tenant's auditor may need to see: sign-ins, changes to users, keys and settings, denied access.</summary>
public sealed class AuditEvent : ITenantOwned
{
    /// <summary>A new event at the clock's now (its id is time-ordered).</summary>
    public static AuditEvent Create(
        TimeProvider time, Guid tenantId, string actor, string action, string? resource, string? resourceId, string? requestId, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        return new AuditEvent
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            At = now.UtcDateTime,
            Actor = actor,
            Action = action,
            Resource = resource,
            ResourceId = resourceId,
            RequestId = requestId,
            Detail = detail,
        };
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTime At { get; set; }

    /// <summary>Who did it: <c>user:&lt;id&gt;</c>, <c>key:&lt;id&gt;</c>, <c>external:&lt;subject&gt;</c> or <c>system</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>What was done, dotted (<c>user.create</c>, <c>access.cross_tenant_denied</c>).</summary>
    public required string Action { get; set; }

    /// <summary>Kind of resource (<c>user</c>, <c>api_key</c>, <c>settings</c>).</summary>
    public string? Resource { get; set; }

    /// <summary>Resource id, when there is one.</summary>
    public string? ResourceId { get; set; }

    /// <summary>Request id, to join with the logs.</summary>
    public string? RequestId { get; set; }

    /// <summary>Extra detail for a person.</summary>
    public string? Detail { get; set; }
}
