using FactorTrace.Data;
using FactorTrace.Data.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Notifications;

/// <summary>
/// The sender's side of the outbox, on the owner connection: claims due messages with a lease (PostgreSQL
/// <c>FOR UPDATE SKIP LOCKED</c>, so senders on several instances take disjoint batches; SQLite a conditional update),
/// and records each message's outcome only while its claim still holds.
/// </summary>
internal sealed class OutboxStore(SystemDbFactory systemDb, IOptions<DatabaseOptions> database, IOptions<EmailOptions> options, TimeProvider time)
{
    /// <summary>Claims up to <paramref name="count"/> due messages (pending and due, or sending with an expired lease) for <paramref name="token"/>.</summary>
    public async Task<List<OutboxMessage>> ClaimAsync(string token, int count, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + options.Value.LeaseDuration;
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            if (database.Value.IsPostgres)
            {
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE outbox_messages SET state = 'sending', lease_owner = {token}, lease_until = {until}
                    WHERE id IN (
                      SELECT id FROM outbox_messages
                      WHERE (state = 'pending' AND next_attempt_at <= {now}) OR (state = 'sending' AND lease_until < {now})
                      ORDER BY next_attempt_at LIMIT {count}
                      FOR UPDATE SKIP LOCKED)
                    """, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var candidates = await Due(db.OutboxMessages.IgnoreQueryFilters(), now).OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(count)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                if (candidates.Count == 0)
                {
                    return [];
                }

                // Conditional: a message another sender claimed in between no longer matches.
                await Due(db.OutboxMessages.IgnoreQueryFilters(), now).Where(m => candidates.Contains(m.Id)).ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.State, OutboxStates.Sending).SetProperty(m => m.LeaseOwner, token).SetProperty(m => m.LeaseUntil, until), cancellationToken).ConfigureAwait(false);
            }

            return await db.OutboxMessages.IgnoreQueryFilters().AsNoTracking().Where(m => m.LeaseOwner == token && m.State == OutboxStates.Sending)
                .OrderBy(m => m.NextAttemptAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The SMTP server accepted the message; false when the claim had been lost (another sender may send it again).</summary>
    public Task<bool> MarkSentAsync(OutboxMessage message, string token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return UpdateAsync(message.Id, token, s => s.SetProperty(m => m.State, OutboxStates.Sent).SetProperty(m => m.SentAt, now)
            .SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null).SetProperty(m => m.LastError, (string?)null), cancellationToken);
    }

    /// <summary>An attempt failed: back to pending after <paramref name="delay"/>, or parked as failed after the last attempt. True when parked.</summary>
    public async Task<bool> MarkFailedAsync(OutboxMessage message, string token, string error, TimeSpan delay, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var attempts = message.Attempts + 1;
        var parked = attempts >= options.Value.MaxAttempts;
        var text = error.Length <= 1000 ? error : error[..1000];
        await UpdateAsync(message.Id, token, s => s.SetProperty(m => m.State, parked ? OutboxStates.Failed : OutboxStates.Pending).SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.NextAttemptAt, now + delay).SetProperty(m => m.LastError, text)
            .SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null), cancellationToken).ConfigureAwait(false);
        return parked;
    }

    /// <summary>Gives claimed messages back without counting an attempt (the circuit is open, or the service is stopping).</summary>
    public async Task ReleaseAsync(IEnumerable<Guid> ids, string token, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            await db.OutboxMessages.IgnoreQueryFilters().Where(m => list.Contains(m.Id) && m.LeaseOwner == token && m.State == OutboxStates.Sending).ExecuteUpdateAsync(
                s => s.SetProperty(m => m.State, OutboxStates.Pending).SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Messages not yet sent (pending or sending), parked ones, and the age of the oldest unsent one.</summary>
    public async Task<OutboxCounts> CountAsync(CancellationToken cancellationToken)
    {
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            var all = db.OutboxMessages.IgnoreQueryFilters().AsNoTracking();
            var states = await all.Where(m => m.State != OutboxStates.Sent).GroupBy(m => m.State).Select(g => new { g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var oldest = await all.Where(m => m.State == OutboxStates.Pending || m.State == OutboxStates.Sending).OrderBy(m => m.CreatedAt).Select(m => (DateTime?)m.CreatedAt)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            var unsent = states.Where(s => s.Key is OutboxStates.Pending or OutboxStates.Sending).Sum(s => s.Count);
            var failed = states.Where(s => s.Key == OutboxStates.Failed).Sum(s => s.Count);
            var age = oldest is { } o ? Math.Max(0, (time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(o, DateTimeKind.Utc)).TotalSeconds) : 0;
            return new OutboxCounts(unsent, failed, age);
        }
    }

    private static IQueryable<OutboxMessage> Due(IQueryable<OutboxMessage> messages, DateTime now) =>
        messages.Where(m => (m.State == OutboxStates.Pending && m.NextAttemptAt <= now) || (m.State == OutboxStates.Sending && m.LeaseUntil < now));

    private async Task<bool> UpdateAsync(
        Guid id, string token, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<OutboxMessage>> set, CancellationToken cancellationToken)
    {
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            return await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.Id == id && m.LeaseOwner == token && m.State == OutboxStates.Sending)
                .ExecuteUpdateAsync(set, cancellationToken).ConfigureAwait(false) == 1;
        }
    }
}

/// <summary>The outbox's backlog.</summary>
/// <param name="Unsent">Pending or being sent.</param>
/// <param name="Failed">Parked after the last attempt.</param>
/// <param name="OldestUnsentSeconds">Age of the oldest unsent message (0 when none).</param>
internal sealed record OutboxCounts(int Unsent, int Failed, double OldestUnsentSeconds);
