using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Server.Identity;

namespace FactorTrace.Server.Tenancy;

/// <summary>Adds audit events to the caller's tenant; they are saved with the change they describe.</summary>
internal sealed class AuditLog(FactorTraceDb db, TimeProvider time, IHttpContextAccessor http)
{
    public void Add(Caller caller, string action, string? resource = null, string? resourceId = null, string? detail = null) =>
        db.AuditEvents.Add(Event(caller, action, resource, resourceId, detail));

    /// <summary>The event for this request, not added: for a library that writes it in the transaction of its change.</summary>
    public AuditEvent Event(Caller caller, string action, string? resource = null, string? resourceId = null, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return NewEvent(time, caller.TenantId, caller.Actor, action, resource, resourceId, http.HttpContext?.TraceIdentifier, detail);
    }

    /// <summary>An event for any tenant, for code that writes through the owner connection (sign-in, bootstrap, tenant creation).</summary>
    public static AuditEvent NewEvent(
        TimeProvider time, Guid tenantId, string actor, string action, string? resource, string? resourceId, string? requestId, string? detail = null) =>
        AuditEvent.Create(time, tenantId, actor, action, resource, resourceId, requestId, detail);
}
