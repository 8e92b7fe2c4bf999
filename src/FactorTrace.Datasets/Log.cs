using Microsoft.Extensions.Logging;

namespace FactorTrace.Datasets;

/// <summary>Dataset ingestion's log messages; event ids 1200–1299 (docs/architecture.md).</summary>
internal static partial class Log
{
    [LoggerMessage(1201, LogLevel.Information, "Ingested dataset {Dataset} ({ContentHash}): {Factors} factors from {Rows} rows, {Rejected} rejected, in {ElapsedMs} ms")]
    public static partial void DatasetIngested(ILogger logger, string dataset, string contentHash, int factors, int rows, int rejected, long elapsedMs);

    [LoggerMessage(1202, LogLevel.Warning, "Dataset {Dataset} not ingested: {Reason}")]
    public static partial void DatasetFailed(ILogger logger, string dataset, string reason);
}
