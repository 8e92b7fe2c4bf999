using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Server.Identity;

namespace FactorTrace.Server.Tenancy;

/// <summary>Adds audit events to the caller's tenant; they are saved with the change they describe.</summary>
internal sealed class AuditLog(FactorTraceDb db, TimeProvider time, IHttpContextAccessor http)
{
    public void Add(Caller caller, string action, string? resource = null, string? resourceId = null, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        db.AuditEvents.Add(new AuditEvent
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            TenantId = caller.TenantId,
            At = time.GetUtcNow().UtcDateTime,
            Actor = caller.Actor,
            Action = action,
            Resource = resource,
            ResourceId = resourceId,
            RequestId = http.HttpContext?.TraceIdentifier,
            Detail = detail,
        });
    }
}
