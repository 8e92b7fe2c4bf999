using FactorTrace.Data;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Grid.Scheduling;

/// <summary>
/// The statements on <c>grid_slots</c>, each a single statement so that concurrent instances on SQLite and PostgreSQL
/// decide by the database's own row locking: the primary key (job, slot) admits one insert, and a takeover re-checks
/// its condition on the row it updates.
/// </summary>
internal static class SlotClaims
{
    /// <summary>Inserts the claim with one attempt; false when the slot is already claimed.</summary>
    public static async Task<bool> TryInsertAsync(FactorTraceDb db, string job, long slotUnix, string owner, long leaseUntilUnix, CancellationToken cancellationToken)
    {
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO grid_slots (job, slot_unix, owner, lease_until_unix, attempts) VALUES ({job}, {slotUnix}, {owner}, {leaseUntilUnix}, 1) ON CONFLICT DO NOTHING",
            cancellationToken).ConfigureAwait(false);
        return inserted == 1;
    }

    /// <summary>Takes over a claim that is not completed and whose lease has lapsed; its attempt number, or null when not taken.</summary>
    public static async Task<int?> TryTakeOverAsync(FactorTraceDb db, string job, long slotUnix, string owner, long nowUnix, long leaseUntilUnix, CancellationToken cancellationToken)
    {
        var taken = await db.GridSlots
            .Where(s => s.Job == job && s.SlotUnix == slotUnix && s.CompletedAtUnix == null && s.LeaseUntilUnix < nowUnix)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Owner, owner).SetProperty(c => c.LeaseUntilUnix, leaseUntilUnix).SetProperty(c => c.Attempts, c => c.Attempts + 1), cancellationToken)
            .ConfigureAwait(false);
        if (taken != 1)
        {
            return null;
        }

        return await db.GridSlots.Where(s => s.Job == job && s.SlotUnix == slotUnix && s.Owner == owner)
            .Select(s => (int?)s.Attempts).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The latest slot of the job claimed before <paramref name="slotUnix"/>, if any.</summary>
    public static Task<long?> PreviousAsync(FactorTraceDb db, string job, long slotUnix, CancellationToken cancellationToken) =>
        db.GridSlots.Where(s => s.Job == job && s.SlotUnix < slotUnix).MaxAsync(s => (long?)s.SlotUnix, cancellationToken);

    /// <summary>Marks the claim completed if <paramref name="owner"/> still holds it; false when another instance took it over.</summary>
    public static async Task<bool> CompleteAsync(FactorTraceDb db, string job, long slotUnix, string owner, long nowUnix, CancellationToken cancellationToken) =>
        await db.GridSlots
            .Where(s => s.Job == job && s.SlotUnix == slotUnix && s.Owner == owner && s.CompletedAtUnix == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CompletedAtUnix, nowUnix), cancellationToken)
            .ConfigureAwait(false) == 1;

    /// <summary>Ends the lease at once without completing, so that another instance may take the slot over.</summary>
    public static Task<int> ReleaseAsync(FactorTraceDb db, string job, long slotUnix, string owner, CancellationToken cancellationToken) =>
        db.GridSlots
            .Where(s => s.Job == job && s.SlotUnix == slotUnix && s.Owner == owner && s.CompletedAtUnix == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntilUnix, 0L), cancellationToken);
}
