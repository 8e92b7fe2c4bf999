using FactorTrace.Data;
using FactorTrace.Data.Grid;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Grid.Scheduling;

/// <summary>Writes a scheduled run's row, and its end together with its claim's, in one transaction.</summary>
internal static class GridRunStore
{
    private const string LeaseLost = "the slot's lease lapsed and another instance took it over";

    public static async Task AddAsync(SystemDbFactory factory, GridRun run, CancellationToken cancellationToken)
    {
        var db = factory.Create();
        await using (db.ConfigureAwait(false))
        {
            db.GridRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Completes the claim and ends the run; false (the run then recorded as failed) when the claim was taken over.</summary>
    public static async Task<bool> CompleteAsync(SystemDbFactory factory, GridRun run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = factory.Create();
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var held = await SlotClaims.CompleteAsync(db, run.Job, run.SlotUnix!.Value, run.Instance, now.ToUnixTimeSeconds(), cancellationToken).ConfigureAwait(false);
                if (!held)
                {
                    run.Outcome = GridRunOutcomes.Failed;
                    run.Detail = run.Detail is null ? LeaseLost : LeaseLost + "; " + run.Detail;
                }

                await EndAsync(db, run, now, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return held;
            }
        }
    }

    /// <summary>Releases the claim's lease and ends the run, when the instance stops in the middle of it.</summary>
    public static async Task ReleaseAsync(SystemDbFactory factory, GridRun run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = factory.Create();
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await SlotClaims.ReleaseAsync(db, run.Job, run.SlotUnix!.Value, run.Instance, cancellationToken).ConfigureAwait(false);
                await EndAsync(db, run, now, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static Task<int> EndAsync(FactorTraceDb db, GridRun run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        run.EndedAt = now.UtcDateTime;
        return db.GridRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.EndedAt, run.EndedAt)
                .SetProperty(r => r.Rows, run.Rows)
                .SetProperty(r => r.Replaced, run.Replaced)
                .SetProperty(r => r.Outcome, run.Outcome)
                .SetProperty(r => r.Detail, run.Detail),
            cancellationToken);
    }
}
