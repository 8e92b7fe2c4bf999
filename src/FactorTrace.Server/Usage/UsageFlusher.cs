using FactorTrace.Data;
using FactorTrace.Data.Usage;
using FactorTrace.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Usage;

/// <summary>
/// Writes the in-memory counts (<see cref="UsageMeter"/>) to the database every flush interval and once more when the
/// service stops cleanly; counts a failed write could not store go back to be written with the next flush.
/// </summary>
internal sealed partial class UsageFlusher(
    UsageMeter meter, SystemDbFactory systemDb, IOptions<UsageOptions> options, UsageMetrics metrics, TimeProvider time, ILogger<UsageFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.FlushInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await FlushAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // The last counts of a clean shutdown.
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes what has been counted; returns how many counts were written.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        var counts = meter.Drain();
        if (counts.Count == 0)
        {
            await RefreshLowBalancesAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }

        try
        {
            var unwritten = await UsageStore.AddAsync(systemDb, counts, cancellationToken).ConfigureAwait(false);
            if (unwritten.Count > 0)
            {
                meter.Restore(unwritten);
                metrics.FlushFailed();
            }

            await RefreshLowBalancesAsync(cancellationToken).ConfigureAwait(false);
            return counts.Count - unwritten.Count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            meter.Restore(counts);
            metrics.FlushFailed();
            LogFlushFailed(logger, ex, counts.Count);
            return 0;
        }
    }

    private async Task RefreshLowBalancesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var low = UsageOptions.ToMillis(options.Value.LowCredits);
            var db = systemDb.Create();
            await using (db.ConfigureAwait(false))
            {
                metrics.LowBalances = await db.CreditAccounts.IgnoreQueryFilters().CountAsync(a => a.BalanceMillis < low, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Before the first migration, or while the database is down (which its own health check reports).
            LogLowBalancesUnknown(logger, ex.Message);
        }
    }

    [LoggerMessage(EventId = 1701, Level = LogLevel.Debug, Message = "Low credit balances not counted: {Reason}")]
    private static partial void LogLowBalancesUnknown(ILogger logger, string reason);

    [LoggerMessage(EventId = 1700, Level = LogLevel.Warning, Message = "Usage flush failed; {Count} counts kept for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int count);
}
