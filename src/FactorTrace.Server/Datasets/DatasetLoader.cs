using FactorTrace.Datasets.Ingestion;

namespace FactorTrace.Server.Datasets;

/// <summary>Ingests the datasets once at start-up, in the background, and holds the result.</summary>
internal sealed partial class DatasetLoader(DatasetIngestor ingestor, ILogger<DatasetLoader> logger) : BackgroundService
{
    public LoadedDatasets? Loaded { get; private set; }

    public string? Error { get; private set; }

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when loading has finished, successfully or not.</summary>
    public Task WhenDone => _done.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            Loaded = await ingestor.IngestAsync([], stoppingToken, skipFailures: true).ConfigureAwait(false);
            LogLoaded(logger, Loaded.Store.Count, Loaded.Datasets.Count, (long)Loaded.Elapsed.TotalMilliseconds);
            foreach (var (dataset, reason) in Loaded.Failures)
            {
                LogFailed(logger, $"{dataset}: {reason}");
            }
        }
        catch (IngestionException ex)
        {
            Error = ex.Message;
            LogFailed(logger, ex.Message);
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Loaded {Factors} factors from {Datasets} datasets in {ElapsedMs} ms")]
    private static partial void LogLoaded(ILogger logger, int factors, int datasets, long elapsedMs);

    [LoggerMessage(2, LogLevel.Error, "Datasets could not be loaded: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
