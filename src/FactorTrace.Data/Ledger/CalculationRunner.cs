using FactorTrace.Broker;
using FactorTrace.Calculation;
using FactorTrace.Data.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FactorTrace.Data.Ledger;

/// <summary>What a run is for and what it calculates with.</summary>
/// <param name="TenantId">The tenant (the context must be scoped to it).</param>
/// <param name="From">First day.</param>
/// <param name="To">Last day.</param>
/// <param name="Actor">Who starts it.</param>
/// <param name="Gwp">GWP set.</param>
/// <param name="DatasetVersions">The loaded dataset versions (<c>id=hash;…</c>).</param>
/// <param name="Generation">A short hash of them.</param>
public sealed record RunRequest(Guid TenantId, DateOnly From, DateOnly To, string Actor, string Gwp, string DatasetVersions, string Generation)
{
    /// <summary>A request stating the broker's loaded dataset versions (<c>id=content hash;…</c>) and a short hash of them.</summary>
    public static RunRequest For(FactorBroker broker, Guid tenantId, DateOnly from, DateOnly to, string actor, string gwp)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var versions = broker.Store.DatasetVersions;
        var generation = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(versions)))[..12];
        return new RunRequest(tenantId, from, to, actor, gwp, versions, generation);
    }
}

/// <summary>
/// Runs a calculation over a tenant's records of a period in one transaction: reads the records in key order, 20,000 at a
/// time, calculates, allocates records spanning several months across them by days (<see cref="MonthlyAllocation"/>), writes the result rows in bulk and the factor answers they used, then the run's totals. A failure
/// rolls the result set back and leaves the run marked failed; earlier runs are never touched.
/// </summary>
public sealed class CalculationRunner(FactorTraceDb db, TimeProvider time)
{
    private const int Chunk = 20_000;

    /// <summary>Creates the run, calculates it and returns it (completed or failed).</summary>
    /// <param name="request">What to run.</param>
    /// <param name="engine">The engine (tenant factors, shared cascade, rates).</param>
    /// <param name="serializeAnswer">The answer as the API serves it, stored for the auditor.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <param name="audit">The audit event of the completed run, stored in the transaction of its results.</param>
    /// <param name="additional">
    /// Rows of records kept outside the activity records (software workloads), calculated after them with the same engine
    /// (so their factors are stored with the run) and written in the same transaction; one record id per record.
    /// </param>
    public async Task<CalculationRun> RunAsync(
        RunRequest request, CalculationEngine engine, Func<FactorAnswer, string> serializeAnswer, CancellationToken cancellationToken, Func<CalculationRun, AuditEvent>? audit = null,
        Func<CalculationEngine, CancellationToken, Task<IReadOnlyList<ResultRow>>>? additional = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(serializeAnswer);
        var now = time.GetUtcNow();
        var previous = await db.CalculationRuns.AsNoTracking()
            .Where(r => r.From == request.From && r.To == request.To && r.Status == "completed")
            .OrderByDescending(r => r.StartedAt).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var run = new CalculationRun
        {
            Id = Guid.CreateVersion7(now),
            TenantId = request.TenantId,
            From = request.From,
            To = request.To,
            Status = "running",
            GwpSet = request.Gwp,
            DatasetVersions = request.DatasetVersions,
            Generation = request.Generation,
            SupersedesRunId = previous,
            Actor = request.Actor,
            StartedAt = now.UtcDateTime,
        };
        db.CalculationRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        try
        {
            await CalculateAsync(run, engine, serializeAnswer, audit, additional, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            run.Status = "failed";
            run.Error = ex.Message;
            run.FinishedAt = time.GetUtcNow().UtcDateTime;
            db.CalculationRuns.Update(run);
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return run;
    }

    private async Task CalculateAsync(
        CalculationRun run, CalculationEngine engine, Func<FactorAnswer, string> serializeAnswer, Func<CalculationRun, AuditEvent>? audit,
        Func<CalculationEngine, CancellationToken, Task<IReadOnlyList<ResultRow>>>? additional, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var connection = db.Database.GetDbConnection();
            var rows = new List<ResultRow>(Chunk + 1024);
            Guid? after = null;
            double location = 0, market = 0;
            Func<ResultRow, PeriodPart, ResultRow> allocate = engine.AllocatePart;
            int records = 0, failed = 0;
            while (true)
            {
                // A record spanning months belongs to the run when its period overlaps the run's; only its parts inside count.
                var query = db.ActivityRecords.AsNoTracking().InRun(run.From, run.To);
                if (after is { } last)
                {
                    query = query.Where(r => r.Id > last);
                }

                var chunk = await query.OrderBy(r => r.Id).Take(Chunk).ToListAsync(cancellationToken).ConfigureAwait(false);
                if (chunk.Count == 0)
                {
                    break;
                }

                rows.Clear();
                foreach (var record in chunk)
                {
                    var first = rows.Count;
                    await engine.CalculateAsync(record.ToInput(), rows, cancellationToken).ConfigureAwait(false);
                    MonthlyAllocation.Apply(rows, first, record.PeriodStart, record.PeriodEnd, run.From, run.To, allocate);
                }

                failed += Add(rows, ref location, ref market);
                await ResultWriter.WriteAsync(connection, transaction.GetDbTransaction(), run.Id, run.TenantId, rows, cancellationToken).ConfigureAwait(false);
                records += chunk.Count;
                after = chunk[^1].Id;
            }

            if (additional is not null)
            {
                var extra = await additional(engine, cancellationToken).ConfigureAwait(false);
                failed += extra.Where(r => r.Status != ResultStatuses.Ok).Select(r => r.RecordId).Distinct().Count();
                Add(extra, ref location, ref market);
                await ResultWriter.WriteAsync(connection, transaction.GetDbTransaction(), run.Id, run.TenantId, extra, cancellationToken).ConfigureAwait(false);
                records += extra.Select(r => r.RecordId).Distinct().Count();
            }

            foreach (var factor in engine.Factors)
            {
                db.RunFactors.Add(new RunFactor
                {
                    RunId = run.Id,
                    No = factor.No,
                    TenantId = run.TenantId,
                    FactorId = factor.Answer.FactorId,
                    Source = factor.Answer.Source,
                    Sha256 = factor.Answer.Provenance.Sha256,
                    Answer = serializeAnswer(factor.Answer),
                });
            }

            await RunCells.WriteAsync(db, run, cancellationToken).ConfigureAwait(false);
            run.Status = "completed";
            run.Records = records;
            run.Failed = failed;
            run.Calculated = records - failed;
            run.KgCo2eLocation = location;
            run.KgCo2eMarket = market;
            run.FinishedAt = time.GetUtcNow().UtcDateTime;
            if (audit is not null)
            {
                db.AuditEvents.Add(audit(run));
            }

            await Notifications.Outbox.EnqueueAsync(db, run.TenantId, Notifications.Notifications.CalculationFinished(run), run.FinishedAt.Value, cancellationToken).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Adds the rows to the run's location- and market-based totals; returns how many are errors.</summary>
    private static int Add(IReadOnlyList<ResultRow> rows, ref double location, ref double market)
    {
        var failed = 0;
        foreach (var row in rows)
        {
            if (row.Status != ResultStatuses.Ok)
            {
                failed++;
            }

            if (row.Method != ResultMethods.Market)
            {
                location += row.KgCo2e;
            }

            if (row.Method != ResultMethods.Location)
            {
                market += row.KgCo2e;
            }
        }

        return failed;
    }
}
