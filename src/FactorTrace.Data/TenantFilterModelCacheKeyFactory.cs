using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace FactorTrace.Data;

/// <summary>
/// Keys EF Core's model cache by whether the context carries the tenant query filters, so each mode has its own model
/// (see <see cref="FactorTraceDb.TenantFiltersDisabled"/>).
/// </summary>
internal sealed class TenantFilterModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context is FactorTraceDb { TenantFiltersDisabled: true }, designTime);
}
