namespace FactorTrace.Caching;

/// <summary>Where an answer came from.</summary>
public enum CacheLayer
{
    /// <summary>Computed (or fetched from the source) for this request.</summary>
    None,

    /// <summary>In-process memory.</summary>
    L1,

    /// <summary>Redis, shared by instances.</summary>
    L2,

    /// <summary>Disk, survives restarts.</summary>
    L3,
}

/// <summary>Names of the layers as they appear in provenance and metrics.</summary>
public static class CacheLayerNames
{
    /// <summary><c>none</c>, <c>l1</c>, <c>l2</c> or <c>l3</c>.</summary>
    public static string Name(this CacheLayer layer) => layer switch
    {
        CacheLayer.L1 => "l1",
        CacheLayer.L2 => "l2",
        CacheLayer.L3 => "l3",
        _ => "none",
    };
}

/// <summary>
/// When a cached value was fetched, until when it is fresh, and when it must be gone from every layer (the licence limit
/// and the fail-safe retention both count from <see cref="FetchedAt"/>, so promotion between layers never extends it).
/// </summary>
public readonly record struct EntryTimes(DateTimeOffset FetchedAt, DateTimeOffset FreshUntil, DateTimeOffset ExpiresAt)
{
    /// <summary>Times for a value fetched at <paramref name="now"/>.</summary>
    /// <param name="now">Fetch time.</param>
    /// <param name="duration">How long it is fresh.</param>
    /// <param name="maxAge">How long it may be kept at all, stale included (the licence limit when there is one).</param>
    public static EntryTimes Create(DateTimeOffset now, TimeSpan duration, TimeSpan maxAge)
    {
        var fresh = duration < maxAge ? duration : maxAge;
        return new EntryTimes(now, now + fresh, now + maxAge);
    }

    /// <summary>Whether it is still fresh.</summary>
    public bool IsFresh(DateTimeOffset now) => now < FreshUntil;

    /// <summary>Whether it must no longer be used at all.</summary>
    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;
}

/// <summary>A value found in a cache layer.</summary>
public sealed record CachedValue<T>(T Value, EntryTimes Times, CacheLayer Layer);

/// <summary>What the factory of a miss produced.</summary>
/// <param name="Value">The value (null when there is none to cache).</param>
/// <param name="Duration">How long it is fresh.</param>
/// <param name="MaxAge">How long any layer may keep it, stale included.</param>
/// <param name="Persist">Whether to write it to L2 and L3 (false keeps it in memory only).</param>
/// <param name="UseStale">Serve the stale value passed to the factory instead (the source failed); ignored when there is none.</param>
public sealed record Computed<T>(T? Value, TimeSpan Duration, TimeSpan MaxAge, bool Persist, bool UseStale = false)
    where T : class;

/// <summary>The result of a lookup: the value, the layer that served it, and whether it was a stale fallback.</summary>
public readonly record struct CacheResult<T>(T? Value, CacheLayer Layer, bool Stale, EntryTimes? Times);
