using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data.Audit;

/// <summary>
/// A change and the audit event that describes it, stored in one transaction: both, or neither. For set-based changes
/// (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>) that do not go through the change tracker, so they cannot simply share
/// the event's <c>SaveChanges</c>; a change made through the tracker adds its event before its one <c>SaveChanges</c>.
/// </summary>
public static class AuditedChange
{
    /// <summary>
    /// Runs <paramref name="change"/> and, when it touched a row, stores <paramref name="audit"/>'s event, in one
    /// transaction (the caller's when one is open). A change that touches nothing is not audited.
    /// </summary>
    /// <param name="db">The tenant's context.</param>
    /// <param name="change">The change; returns how many rows it touched.</param>
    /// <param name="audit">The event, from the count.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>How many rows the change touched.</returns>
    public static async Task<int> ExecuteAsync(FactorTraceDb db, Func<CancellationToken, Task<int>> change, Func<int, AuditEvent> audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(audit);
        if (db.Database.CurrentTransaction is not null)
        {
            var count = await change(cancellationToken).ConfigureAwait(false);
            if (count > 0)
            {
                await SaveAsync(db, audit(count), cancellationToken).ConfigureAwait(false);
            }

            return count;
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var count = await change(cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                return 0;
            }

            await SaveAsync(db, audit(count), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return count;
        }
    }

    /// <summary>Adds the event and saves; an event that fails to save is forgotten, so a later save does not retry it alone.</summary>
    private static async Task SaveAsync(FactorTraceDb db, AuditEvent audit, CancellationToken cancellationToken)
    {
        var entry = db.AuditEvents.Add(audit);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            entry.State = EntityState.Detached;
            throw;
        }
    }
}
