using FactorTrace.Data;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Observability;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Tenancy;

/// <summary>
/// The answer for an id the caller's tenant does not own: always the same 404 as a missing row, so nothing about other
/// tenants leaks; when the id does belong to another tenant the attempt is written to the caller's audit log and counted.
/// </summary>
internal sealed partial class CrossTenantGuard(SystemDbFactory systemDb, FactorTraceDb db, AuditLog audit, ServiceMetrics metrics, ILogger<CrossTenantGuard> logger)
{
    public async Task<ProblemHttpResult> NotFoundAsync(Caller caller, string resource, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var system = systemDb.Create();
        await using (system.ConfigureAwait(false))
        {
            var owner = resource switch
            {
                "user" => await system.Users.IgnoreQueryFilters().Where(u => u.Id == id).Select(u => (Guid?)u.TenantId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false),
                "api_key" => await system.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == id).Select(k => (Guid?)k.TenantId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false),
                "activity" => await system.ActivityRecords.IgnoreQueryFilters().Where(r => r.Id == id).Select(r => (Guid?)r.TenantId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false),
                "private_factor" => await system.PrivateFactors.IgnoreQueryFilters().Where(f => f.Id == id).Select(f => (Guid?)f.TenantId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false),
                "calculation" => await system.CalculationRuns.IgnoreQueryFilters().Where(r => r.Id == id).Select(r => (Guid?)r.TenantId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false),
                "import" => await system.Imports.IgnoreQueryFilters().Where(i => i.Id == id).Select(i => (Guid?)i.TenantId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false),
                "mapping_template" => await system.MappingTemplates.IgnoreQueryFilters().Where(t => t.Id == id).Select(t => (Guid?)t.TenantId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false),
                _ => null,
            };
            if (owner is { } other && other != caller.TenantId)
            {
                audit.Add(caller, "access.cross_tenant_denied", resource, id.ToString(), "The id belongs to another tenant; answered 404.");
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                metrics.CrossTenantDenied(resource);
                LogDenied(logger, caller.Actor, resource, id);
            }
        }

        return Problems.NotFound(resource, id.ToString());
    }

    [LoggerMessage(10, LogLevel.Warning, "Cross-tenant access denied: {Actor} asked for {Resource} {Id} of another tenant")]
    private static partial void LogDenied(ILogger logger, string actor, string resource, Guid id);
}
