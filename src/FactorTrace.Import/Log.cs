using Microsoft.Extensions.Logging;

namespace FactorTrace.Import;

/// <summary>The importer's log messages; event ids 1400–1499 (docs/architecture.md).</summary>
internal static partial class Log
{
    [LoggerMessage(1401, LogLevel.Information, "Import {ImportId} of tenant {TenantId} committed: {Stored} records stored, {SkippedInvalid} invalid rows skipped, in {ElapsedMs} ms")]
    public static partial void ImportCommitted(ILogger logger, Guid importId, Guid tenantId, long stored, long skippedInvalid, long elapsedMs);

    [LoggerMessage(1402, LogLevel.Warning, "Import {ImportId} of tenant {TenantId} not committed: {Reason}")]
    public static partial void ImportCommitFailed(ILogger logger, Guid importId, Guid tenantId, string reason);

    [LoggerMessage(1403, LogLevel.Information, "Import {ImportId} of tenant {TenantId} rolled back: {Deleted} records deleted")]
    public static partial void ImportRolledBack(ILogger logger, Guid importId, Guid tenantId, long deleted);

    [LoggerMessage(1450, LogLevel.Warning, "Classification provider {Provider} named activity '{ActivityId}', which is not among the candidates: answer refused")]
    public static partial void AnswerRefused(ILogger logger, string provider, string activityId);

    [LoggerMessage(1451, LogLevel.Information, "Classification provider {Provider} not used for a line: {Reason}")]
    public static partial void ProviderFailed(ILogger logger, string provider, string reason);

    [LoggerMessage(1452, LogLevel.Information, "Tenant {TenantId} has spent its classification budget of {Budget} for the month; lines are matched locally")]
    public static partial void BudgetSpent(ILogger logger, Guid tenantId, double budget);
}
