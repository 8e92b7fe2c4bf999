using Microsoft.Extensions.Logging;

namespace FactorTrace.Caching;

/// <summary>The cache's log messages; event ids 1000–1099 (docs/architecture.md).</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning, "Redis (L2) is not available: {Error}; serving from memory and disk.")]
    public static partial void RedisUnavailable(ILogger logger, string error);

    [LoggerMessage(1002, LogLevel.Warning, "Redis invalidation channel not subscribed yet: {Error}; retrying when the connection returns.")]
    public static partial void NotSubscribed(ILogger logger, string error);

    [LoggerMessage(1003, LogLevel.Warning, "Dropped an undecodable {Layer} cache entry {Key}: {Error}")]
    public static partial void Undecodable(ILogger logger, string layer, string key, string error);
}
