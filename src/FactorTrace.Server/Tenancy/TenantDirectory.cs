using System.Collections.Concurrent;
using FactorTrace.Data;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Tenancy;

/// <summary>Tenant slug → id, for external tokens that name their tenant by slug. Slugs never change, so hits are kept.</summary>
internal sealed class TenantDirectory(SystemDbFactory systemDb)
{
    private readonly ConcurrentDictionary<string, Guid> _ids = new(StringComparer.Ordinal);

    public async ValueTask<Guid?> FindIdAsync(string slug, CancellationToken cancellationToken)
    {
        if (_ids.TryGetValue(slug, out var id))
        {
            return id;
        }

        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            var found = await db.Tenants.AsNoTracking().Where(t => t.Slug == slug).Select(t => (Guid?)t.Id)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (found is { } value)
            {
                _ids[slug] = value;
            }

            return found;
        }
    }
}
