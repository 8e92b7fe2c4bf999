using FactorTrace.Data;
using FactorTrace.Data.Tenancy;
using FactorTrace.Erp;
using FactorTrace.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Erp;

/// <summary>
/// Runs the scheduled pulls: every <see cref="ErpOptions.PollInterval"/> it lists the connections whose next slot is due
/// (next slot = the last attempt + the connection's interval, so a failed pull is retried in the next slot), takes each
/// with <see cref="ErpClaims.TryClaimSlotAsync"/> — one instance wins a slot whatever the number of instances — and
/// pulls it on a scope bound to the connection's tenant, at most <see cref="ErpOptions.MaxConcurrentPulls"/> at once.
/// </summary>
internal sealed class ErpWorker(
    IServiceScopeFactory scopes, SystemDbFactory systemDb, DatabaseInitializer database, IOptions<ErpOptions> options, TimeProvider time, ILogger<ErpWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SchedulerEnabled)
        {
            return;
        }

        try
        {
            await database.WhenReady.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The database may be down: the due slots stay due and are taken at a later tick.
                ErpLog.SchedulerFailed(logger, ex.Message);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Claims and pulls every due connection; the number this instance pulled.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var leaseUntil = now + options.Value.PullLease;
        var claimed = new List<(Guid Id, Guid TenantId)>();
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            var due = await db.ErpConnections.IgnoreQueryFilters().AsNoTracking()
                .Where(c => c.NextPullAt != null && c.NextPullAt <= now && (c.LeaseUntil == null || c.LeaseUntil < now))
                .OrderBy(c => c.NextPullAt).Take(100)
                .Select(c => new { c.Id, c.TenantId, c.NextPullAt, c.ScheduleMinutes })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var c in due)
            {
                if (await ErpClaims.TryClaimSlotAsync(db, c.Id, c.NextPullAt!.Value, now.AddMinutes(Math.Max(1, c.ScheduleMinutes)), now, leaseUntil, cancellationToken).ConfigureAwait(false))
                {
                    claimed.Add((c.Id, c.TenantId));
                }
            }
        }

        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentPulls, CancellationToken = cancellationToken }, async (c, token) =>
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                scope.ServiceProvider.GetRequiredService<TenantScope>().Set(c.TenantId);
                var tenantDb = scope.ServiceProvider.GetRequiredService<FactorTraceDb>();
                await scope.ServiceProvider.GetRequiredService<ErpPuller>().PullAsync(tenantDb, c.Id, "schedule", token).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return claimed.Count;
    }
}

/// <summary>The ERP worker's log messages (event ids 2250–2259).</summary>
internal static partial class ErpLog
{
    [LoggerMessage(2250, LogLevel.Warning, "ERP scheduler tick failed: {Reason}")]
    public static partial void SchedulerFailed(ILogger logger, string reason);
}
