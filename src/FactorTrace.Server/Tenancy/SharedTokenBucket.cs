using System.Threading.RateLimiting;
using FactorTrace.Broker;
using FactorTrace.Caching;

namespace FactorTrace.Server.Tenancy;

/// <summary>
/// A rate-limit partition's token bucket kept in Redis, so every instance draws from one bucket (a tenant limited to N
/// per minute gets N, not N per instance). While Redis cannot answer, this instance's own bucket decides (the limit then
/// holds per instance only; <see cref="SharedRateLimitState"/> shows it in the health view).
/// </summary>
internal sealed class SharedTokenBucket(string key, int capacity, double tokensPerSecond, TokenBucketRateLimiter local, LayeredCache<FactorAnswer> cache, SharedRateLimitState state) : RateLimiter
{
    public override TimeSpan? IdleDuration => local.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

    // Redis is only asked asynchronously: the synchronous attempt declines, and ASP.NET's middleware then awaits
    // AcquireAsync (it counts that as a zero-length queue wait in its own metrics).
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => SharedLease.Pending;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, capacity);
        if (permitCount == 0)
        {
            return SharedLease.Granted;
        }

        var taken = await cache.TryTakeTokensAsync(key, capacity, tokensPerSecond, permitCount).ConfigureAwait(false);
        if (taken is null)
        {
            state.FellBack();
            return await local.AcquireAsync(permitCount, cancellationToken).ConfigureAwait(false);
        }

        state.Answered();
        return taken.Taken ? SharedLease.Granted : SharedLease.Refused(taken.RetryAfter);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            local.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class SharedLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly SharedLease Granted = new(true, null);

        public static readonly SharedLease Pending = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public static SharedLease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && string.Equals(metadataName, MetadataName.RetryAfter.Name, StringComparison.Ordinal);
        }
    }
}

/// <summary>Whether the rate limits are currently shared through Redis or decided per instance (health view).</summary>
internal sealed class SharedRateLimitState(TimeProvider time)
{
    private long _fallbacks;
    private long _lastFallbackTicks;
    private volatile bool _shared = true;

    /// <summary>Decisions this instance took alone because Redis could not answer.</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>When this instance last decided alone.</summary>
    public DateTimeOffset? LastFallback => Interlocked.Read(ref _lastFallbackTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary><c>shared</c> (Redis answered the last decision), <c>instance_fallback</c> (it did not), or <c>instance</c> (no Redis configured).</summary>
    public string Scope(bool redisConfigured) => !redisConfigured ? "instance" : _shared ? "shared" : "instance_fallback";

    public void Answered() => _shared = true;

    public void FellBack()
    {
        _shared = false;
        Interlocked.Increment(ref _fallbacks);
        Interlocked.Exchange(ref _lastFallbackTicks, time.GetUtcNow().UtcTicks);
    }
}
