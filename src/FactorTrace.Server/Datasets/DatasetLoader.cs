using FactorTrace.Datasets.Ingestion;

namespace FactorTrace.Server.Datasets;

/// <summary>Ingests the datasets once at start-up, in the background, and holds the result.</summary>
internal sealed partial class DatasetLoader(
    DatasetIngestor ingestor, Microsoft.Extensions.Options.IOptions<FactorTrace.Datasets.DatasetsOptions> options, ILogger<DatasetLoader> logger) : BackgroundService
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
            if (Loaded.Datasets.Count == 0)
            {
                // A fresh machine: one line that says what to do, not one error per catalogued file.
                Error = $"No datasets in '{options.Value.Path}': run './factortrace datasets pull' to download them from their publishers, "
                    + $"or set {FactorTrace.Datasets.DatasetsOptions.PathEnvironmentVariable} to a folder that has them.";
                Loaded = null;
                LogFailed(logger, Error);
                return;
            }

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
