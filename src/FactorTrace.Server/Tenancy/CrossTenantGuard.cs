using FactorTrace.Data;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Observability;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Tenancy;

/// <summary>
/// The answer for an id the caller's tenant does not own: always the same 404 as a missing row, after the same single
/// owner lookup whether the id is random or another tenant's, so neither the answer nor its timing tells them apart. A
/// probe of another tenant's id goes to the platform's security log (queued, no extra round trip) and the metrics, never
/// to the caller's own audit log, which would hand the caller the other tenant's id and the fact that it exists.
/// </summary>
internal sealed class CrossTenantGuard(SystemDbFactory systemDb, SecurityLog security, ServiceMetrics metrics, IHttpContextAccessor http)
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
                "erp_connection" => await system.ErpConnections.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => (Guid?)c.TenantId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false),
                _ => null,
            };
            if (owner is { } other && other != caller.TenantId)
            {
                security.Record("access.cross_tenant_probe", http.HttpContext, caller.Actor, caller.TenantId, resource, id.ToString(), other,
                    "The id belongs to another tenant; answered 404 like a missing row.");
                metrics.CrossTenantDenied(resource);
            }
        }

        return Problems.NotFound(resource, id.ToString());
    }
}
