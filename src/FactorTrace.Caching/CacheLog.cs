using Microsoft.Extensions.Logging;

namespace FactorTrace.Caching;

internal static partial class CacheLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis (L2) is not available: {Error}; serving from memory and disk.")]
    public static partial void RedisUnavailable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis invalidation channel not subscribed yet: {Error}; retrying when the connection returns.")]
    public static partial void NotSubscribed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped an undecodable {Layer} cache entry {Key}: {Error}")]
    public static partial void Undecodable(ILogger logger, string layer, string key, string error);
}
