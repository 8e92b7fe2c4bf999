using FactorTrace.Data;
using FactorTrace.Data.Workloads;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Grid.Workloads;

/// <summary>The service profiles a workload record may name: the tenant's own, whatever the context's tenant filter lets through.</summary>
public static class WorkloadServices
{
    /// <summary>The context tenant's service profiles by name, any case (untracked).</summary>
    public static async Task<Dictionary<string, ServiceProfile>> ByNameAsync(FactorTraceDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.ServiceProfiles.AsNoTracking().ToDictionaryAsync(s => s.Name, StringComparer.OrdinalIgnoreCase, cancellationToken).ConfigureAwait(false);
    }
}
