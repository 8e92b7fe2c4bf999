using System.Collections.Concurrent;
using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Ledger;

/// <summary>
/// Each tenant's own factors, held per instance for 30 s and dropped at once when the tenant changes them on this instance.
/// Kept apart from the shared factor cache: a tenant's answers never reach another tenant. While the database is down the
/// last known book keeps serving (none, if the tenant's factors were never read here).
/// </summary>
internal sealed class PrivateFactorCache(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Guid, (PrivateFactorBook Book, DateTimeOffset Expires)> _books = new();

    public async ValueTask<PrivateFactorBook> GetAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (_books.TryGetValue(tenantId, out var known) && known.Expires > time.GetUtcNow())
        {
            return known.Book;
        }

        try
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<FactorTraceDb>();
            var factors = await db.PrivateFactors.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var book = new PrivateFactorBook(factors.Select(f => f.ToDefinition()));
            _books[tenantId] = (book, time.GetUtcNow() + Lifetime);
            return book;
        }
        catch (System.Data.Common.DbException)
        {
            // DatabaseUnavailableException included: without the database the shared cascade still answers.
            return known.Book ?? PrivateFactorBook.Empty;
        }
    }

    public void Invalidate(Guid tenantId) => _books.TryRemove(tenantId, out _);
}
