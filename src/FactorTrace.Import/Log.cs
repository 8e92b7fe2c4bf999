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
}
