using FactorTrace.Grid;
using FactorTrace.Grid.Ingestion;
using FactorTrace.Grid.Scheduling;
using FactorTrace.Server.Tenancy;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Grid;

/// <summary>
/// Loads the shipped hourly history once the database is ready (files already ingested are skipped by hash), then runs
/// the grid scheduler's due slots every tick.
/// </summary>
internal sealed partial class GridWorker(
    DatabaseInitializer database, DatasetHistoryIngestor history, SlotScheduler scheduler, GridJobs jobs, IOptions<GridOptions> options, TimeProvider time,
    ILogger<GridWorker> logger) : BackgroundService
{
    /// <summary>How often the worker looks for due slots (a slot is claimed once across instances, whatever the tick).</summary>
    internal static readonly TimeSpan Tick = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _historyLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the shipped history has been loaded (or could not be).</summary>
    public Task HistoryLoaded => _historyLoaded.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.WhenReady.WaitAsync(stoppingToken).ConfigureAwait(false);
            if (options.Value.IngestDatasetHistory)
            {
                foreach (var file in await history.IngestAsync(force: false, stoppingToken).ConfigureAwait(false))
                {
                    if (file.Status == HistoryFileStatus.Refused)
                    {
                        LogHistoryRefused(logger, file.Path, file.Error ?? "");
                    }
                    else if (file.Status == HistoryFileStatus.Ingested)
                    {
                        LogHistoryIngested(logger, file.Path, file.Counts.Written, (long)file.ElapsedMs);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogHistoryFailed(logger, ex.Message);
        }
        finally
        {
            _historyLoaded.TrySetResult();
        }

        if (!options.Value.SchedulerEnabled)
        {
            return;
        }

        var due = jobs.All();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await scheduler.RunDueAsync(due, stoppingToken).ConfigureAwait(false);
                await Task.Delay(Tick, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The database may be down: the slot is claimed by whoever reaches it next, and health shows the outage.
                LogSchedulerFailed(logger, ex.Message);
                await Task.Delay(Tick, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(80, LogLevel.Information, "Grid history {Path}: {Points} hourly points stored in {ElapsedMs} ms")]
    private static partial void LogHistoryIngested(ILogger logger, string path, int points, long elapsedMs);

    [LoggerMessage(81, LogLevel.Warning, "Grid history {Path} not ingested: {Reason}")]
    private static partial void LogHistoryRefused(ILogger logger, string path, string reason);

    [LoggerMessage(83, LogLevel.Warning, "Grid scheduler tick failed: {Reason}")]
    private static partial void LogSchedulerFailed(ILogger logger, string reason);

    [LoggerMessage(82, LogLevel.Error, "Grid history could not be loaded: {Reason}")]
    private static partial void LogHistoryFailed(ILogger logger, string reason);
}
