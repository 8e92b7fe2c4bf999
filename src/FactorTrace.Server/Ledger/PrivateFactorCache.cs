using System.Collections.Concurrent;
using FactorTrace.Broker;
using FactorTrace.Caching;
using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Tenancy;
using FactorTrace.Server.Caching;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Ledger;

/// <summary>
/// Each tenant's own factors, held per instance for 30 s and dropped at once when the tenant changes them (on this
/// instance directly, on the others through the cache's Redis backplane).
/// Kept apart from the shared factor cache: a tenant's answers never reach another tenant. While the database is down the
/// last known book keeps serving (none, if the tenant's factors were never read here).
/// </summary>
internal sealed class PrivateFactorCache
{
    private const string Topic = "private-factors";
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Guid, (PrivateFactorBook Book, DateTimeOffset Expires)> _books = new();
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly LayeredCache<FactorAnswer>? _backplane;
    private long _generation;

    public PrivateFactorCache(IServiceScopeFactory scopes, TimeProvider time, LayeredCache<FactorAnswer>? backplane = null)
    {
        _scopes = scopes;
        _time = time;
        _backplane = backplane;
        backplane?.OnIdSignal(Topic, Invalidate);
    }

    public async ValueTask<PrivateFactorBook> GetAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (_books.TryGetValue(tenantId, out var known) && known.Expires > _time.GetUtcNow())
        {
            return known.Book;
        }

        var generation = Interlocked.Read(ref _generation);
        try
        {
            using var scope = _scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<FactorTraceDb>();
            var factors = await db.PrivateFactors.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var book = new PrivateFactorBook(factors.Select(f => f.ToDefinition()));
            if (Interlocked.Read(ref _generation) == generation)
            {
                _books[tenantId] = (book, _time.GetUtcNow() + Lifetime);
            }

            return book;
        }
        catch (System.Data.Common.DbException)
        {
            // DatabaseUnavailableException included: without the database the shared cascade still answers.
            return known.Book ?? PrivateFactorBook.Empty;
        }
    }

    /// <summary>Drops this instance's copy of a tenant's factors.</summary>
    public void Invalidate(Guid tenantId)
    {
        Interlocked.Increment(ref _generation);
        _books.TryRemove(tenantId, out _);
    }

    /// <summary>After a change of a tenant's factors: drop the copy here and tell the other instances.</summary>
    public async ValueTask ChangedAsync(Guid tenantId)
    {
        Invalidate(tenantId);
        if (_backplane is not null)
        {
            await _backplane.PublishSignalAsync(Topic, tenantId.ToString()).ConfigureAwait(false);
        }
    }
}
