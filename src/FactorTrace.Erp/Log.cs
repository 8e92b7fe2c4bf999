using Microsoft.Extensions.Logging;

namespace FactorTrace.Erp;

/// <summary>The ERP import's log messages; event ids 2200–2299.</summary>
internal static partial class Log
{
    [LoggerMessage(2201, LogLevel.Information, "ERP connection {ConnectionId} of tenant {TenantId} pulled ({Trigger}): {Fetched} lines in {Pages} pages, {Created} records created, {Updated} updated, {Invalid} invalid, in {ElapsedMs} ms")]
    public static partial void PullSucceeded(ILogger logger, Guid connectionId, Guid tenantId, string trigger, int fetched, int pages, int created, int updated, int invalid, long elapsedMs);

    [LoggerMessage(2202, LogLevel.Warning, "ERP connection {ConnectionId} of tenant {TenantId} not pulled ({Trigger}): {Reason}; nothing stored, the last good pull stays")]
    public static partial void PullFailed(ILogger logger, Guid connectionId, Guid tenantId, string trigger, string reason);
}
