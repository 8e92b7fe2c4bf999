using FactorTrace.Data;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Erp;

/// <summary>
/// Who pulls a connection, decided by the database as the grid scheduler's slots are (docs/adr/0014): each claim is one
/// conditional update of the connection's row, which concurrent instances on SQLite and PostgreSQL serialise by row
/// locking, so exactly one gets 1 row back. A claim is a lease (<see cref="ErpOptions.PullLease"/>): an instance that dies
/// mid-pull lets it lapse and the connection is pulled again.
/// </summary>
public static class ErpClaims
{
    /// <summary>Takes the connection for an on-demand pull; false when a pull of it is running.</summary>
    public static async Task<bool> TryClaimAsync(FactorTraceDb db, Guid connectionId, DateTime now, DateTime leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.ErpConnections.Where(c => c.Id == connectionId && (c.LeaseUntil == null || c.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntil, leaseUntil), cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Takes a due scheduled slot: the connection is still due at <paramref name="dueAt"/> (no other instance moved it on)
    /// and not being pulled; its next slot becomes <paramref name="next"/>. Cross-tenant (the scheduler's owner context).
    /// </summary>
    public static async Task<bool> TryClaimSlotAsync(FactorTraceDb db, Guid connectionId, DateTime dueAt, DateTime next, DateTime now, DateTime leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.ErpConnections.IgnoreQueryFilters()
            .Where(c => c.Id == connectionId && c.NextPullAt == dueAt && (c.LeaseUntil == null || c.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntil, leaseUntil).SetProperty(c => c.NextPullAt, next), cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Ends the lease.</summary>
    public static Task<int> ReleaseAsync(FactorTraceDb db, Guid connectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ErpConnections.Where(c => c.Id == connectionId).ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntil, (DateTime?)null), cancellationToken);
    }
}
