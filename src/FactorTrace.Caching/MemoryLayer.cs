using Microsoft.Extensions.Caching.Memory;

namespace FactorTrace.Caching;

/// <summary>L1: a size-bounded <see cref="MemoryCache"/> (least recently used entries are compacted away). Expiry is ours, on the injected clock.</summary>
internal sealed class MemoryLayer<T> : IDisposable
    where T : class
{
    private readonly MemoryCache _cache;

    public MemoryLayer(int capacity, TimeProvider time)
    {
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity, CompactionPercentage = 0.05, Clock = new Clock(time) });
    }

    public int Count => _cache.Count;

    public bool TryGet(string key, out MemoryEntry<T> entry)
    {
        if (_cache.TryGetValue(key, out var value) && value is MemoryEntry<T> found)
        {
            entry = found;
            return true;
        }

        entry = null!;
        return false;
    }

    public void Set(string key, MemoryEntry<T> entry)
    {
        using var created = _cache.CreateEntry(key);
        created.Value = entry;
        created.Size = 1;
        // Also let MemoryCache drop it unread once past its hard expiry (our reads check the injected clock as well).
        created.AbsoluteExpiration = entry.Times.ExpiresAt;
    }

    public void Remove(string key) => _cache.Remove(key);

    public int RemoveByPrefix(string prefix)
    {
        var removed = 0;
        foreach (var key in _cache.Keys)
        {
            if (key is string k && k.StartsWith(prefix, StringComparison.Ordinal))
            {
                _cache.Remove(k);
                removed++;
            }
        }

        return removed;
    }

    public void Clear() => _cache.Clear();

    public void Dispose() => _cache.Dispose();
}

/// <summary>MemoryCache's expiry on the injected clock.</summary>
internal sealed class Clock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}

/// <summary>An L1 entry: the value as served (immutable), its times, and whether it is a stale fallback being reused.</summary>
internal sealed record MemoryEntry<T>(T Value, EntryTimes Times, bool Stale, CacheLayer Origin);
