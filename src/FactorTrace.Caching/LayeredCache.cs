using System.Collections.Concurrent;
using System.Diagnostics;
using FactorTrace.Resilience;
using Microsoft.Extensions.Logging;

namespace FactorTrace.Caching;

/// <summary>
/// L1 memory → L2 Redis → L3 disk → factory, with one factory run per key under concurrent misses, promotion of hits to
/// the faster layers, stale fallback within each entry's hard expiry, and invalidation by key or prefix on every
/// instance. Times come from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class LayeredCache<T> : IAsyncDisposable
    where T : class
{
    private readonly CacheOptions _options;
    private readonly ICacheSerializer<T> _serializer;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly MemoryLayer<T> _memory;
    private readonly RedisLayer? _redis;
    private readonly DiskLayer? _disk;
    private readonly ConcurrentDictionary<string, Task<CacheResult<T>>> _inflight = new(StringComparer.Ordinal);
    private readonly ITimer? _sweep;
    private readonly BackgroundWrites _writes = new();

    private const string SignalPrefix = "signal:";

    /// <summary>Creates the cache; L2 when <see cref="CacheOptions.Redis"/> is set, L3 when <paramref name="diskPath"/> is given.</summary>
    public LayeredCache(CacheOptions options, ICacheSerializer<T> serializer, TimeProvider time, DependencyRegistry dependencies, CacheStats stats, ILogger log, string? diskPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dependencies);
        _options = options;
        _serializer = serializer;
        _time = time;
        _log = log;
        Stats = stats;
        _memory = new MemoryLayer<T>(options.MemoryEntries, time);
        if (!string.IsNullOrWhiteSpace(options.Redis))
        {
            _redis = new RedisLayer(options.Redis, options.Namespace, dependencies.Get("redis", DependencyKind.Cache), stats, log);
            _redis.Invalidated += OnRemoteInvalidation;
        }

        if (diskPath is not null)
        {
            _disk = new DiskLayer(diskPath, time, options.DiskRetryAfter, stats);
            _sweep = time.CreateTimer(static state => ((DiskLayer)state!).SweepExpired(), _disk, TimeSpan.FromMinutes(1), options.DiskSweepInterval);
        }
    }

    /// <summary>Statistics.</summary>
    public CacheStats Stats { get; }

    /// <summary>The key namespace.</summary>
    public string Namespace => _options.Namespace;

    /// <summary>Entries in memory.</summary>
    public int MemoryCount => _memory.Count;

    /// <summary>Layer states for health.</summary>
    public IReadOnlyList<LayerState> Layers =>
    [
        new("l1", "up", $"{_memory.Count} of {_options.MemoryEntries} entries"),
        _redis is null ? new("l2", "off", "FactorTrace__Cache__Redis is not set") : new("l2", _redis.Connected ? "up" : "down", _redis.Connected ? null : _redis.LastError ?? "connecting"),
        _disk is null ? new("l3", "off", null) : new("l3", _disk.WritesEnabled ? "up" : "read_only", _disk.WritesEnabled ? _disk.Root : $"writes paused: {_disk.LastError}"),
    ];

    /// <summary>Completes when Redis has made its first connection attempt (tests and start-up banners).</summary>
    public Task RedisReady => _redis?.Ready ?? Task.CompletedTask;

    /// <summary>Finds <paramref name="key"/> in the fastest layer that has it fresh, else runs <paramref name="factory"/> once for all concurrent callers.</summary>
    /// <param name="key">Full key, namespaced.</param>
    /// <param name="factory">Produces the value on a miss; gets the stale value when one exists.</param>
    /// <param name="cancellationToken">Cancels this caller's wait (not the shared factory).</param>
    public ValueTask<CacheResult<T>> GetOrAddAsync(string key, Func<CachedValue<T>?, CancellationToken, ValueTask<Computed<T>>> factory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(factory);
        var started = Stopwatch.GetTimestamp();
        var now = _time.GetUtcNow();
        CachedValue<T>? stale = null;
        if (_memory.TryGet(key, out var entry))
        {
            if (entry.Times.IsExpired(now))
            {
                _memory.Remove(key);
            }
            else if (entry.Times.IsFresh(now))
            {
                Stats.Lookup(CacheLayer.L1, LookupResults.Hit, Elapsed(started));
                Stats.Served(CacheLayer.L1, entry.Stale);
                return ValueTask.FromResult(new CacheResult<T>(entry.Value, CacheLayer.L1, entry.Stale, entry.Times));
            }
            else
            {
                stale = new CachedValue<T>(entry.Value, entry.Times, CacheLayer.L1);
            }
        }

        Stats.Lookup(CacheLayer.L1, stale is null ? LookupResults.Miss : LookupResults.Stale, Elapsed(started));
        return LoadSharedAsync(key, stale, factory, cancellationToken);
    }

    /// <summary>Completes when every background L2 write started so far has finished (tests, orderly shutdown).</summary>
    public Task FlushAsync() => _writes.FlushAsync();

    /// <summary>Puts a value in every layer.</summary>
    public async ValueTask SetAsync(string key, T value, TimeSpan duration, TimeSpan maxAge, bool persist = true)
    {
        var times = EntryTimes.Create(_time.GetUtcNow(), duration, maxAge);
        await Store(key, value, times, persist).ConfigureAwait(false);
    }

    /// <summary>Raised for a signal another instance sent with <see cref="PublishSignalAsync"/>: (topic, value).</summary>
    public event Action<string, string>? SignalReceived;

    /// <summary>
    /// Sends a small message to the other instances over the backplane (best effort; nothing happens without Redis), for
    /// other per-instance caches that must drop an entry at once, such as credential state.
    /// </summary>
    public async ValueTask PublishSignalAsync(string topic, string value)
    {
        if (_redis is { } redis)
        {
            await redis.PublishAsync(new Invalidation(SignalPrefix + topic, value)).ConfigureAwait(false);
        }
    }

    /// <summary>Removes a key from every layer on every instance.</summary>
    public async ValueTask RemoveAsync(string key)
    {
        _memory.Remove(key);
        _disk?.Remove(key);
        if (_redis is { } redis)
        {
            await redis.RemoveAsync(key).ConfigureAwait(false);
            await redis.PublishAsync(new Invalidation("remove", key)).ConfigureAwait(false);
        }
    }

    /// <summary>Removes every key starting with <paramref name="prefix"/> from every layer on every instance; the count removed here.</summary>
    public async ValueTask<long> RemoveByPrefixAsync(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        long removed = _memory.RemoveByPrefix(prefix);
        removed += _disk?.RemoveByPrefix(prefix) ?? 0;
        if (_redis is { } redis)
        {
            removed += await redis.RemoveByPrefixAsync(prefix).ConfigureAwait(false);
            await redis.PublishAsync(new Invalidation("prefix", prefix)).ConfigureAwait(false);
        }

        return removed;
    }

    /// <summary>
    /// A count shared by every instance through Redis: adds <paramref name="member"/> to the capped set <paramref name="key"/>
    /// (namespaced here). True when admitted, false when the set is full, null without Redis (count locally then).
    /// </summary>
    public ValueTask<bool?> TryAddCappedAsync(string key, string member, int cap, TimeSpan ttl) =>
        _redis?.TryAddCappedAsync($"{_options.Namespace}:{key}", member, cap, ttl) ?? ValueTask.FromResult<bool?>(null);

    /// <summary>Whether a Redis layer is configured (shared counts and buckets are possible).</summary>
    public bool HasSharedLayer => _redis is not null;

    /// <summary>
    /// Takes <paramref name="count"/> tokens from a token bucket shared by every instance through Redis (key namespaced
    /// here; <paramref name="capacity"/> tokens at most, refilled at <paramref name="tokensPerSecond"/>). Null without
    /// Redis or while it cannot answer: decide with a local bucket then.
    /// </summary>
    public ValueTask<TokenTake?> TryTakeTokensAsync(string key, int capacity, double tokensPerSecond, int count) =>
        _redis?.TryTakeTokensAsync($"{_options.Namespace}:{key}", capacity, tokensPerSecond, count) ?? ValueTask.FromResult<TokenTake?>(null);

    /// <summary>Whether L1 holds the key (tests of cross-instance invalidation).</summary>
    internal bool InMemory(string key) => _memory.TryGet(key, out _);

    /// <summary>The disk layer's file for a key (fault-injection tests).</summary>
    internal string? DiskFile(string key) => _disk?.PathFor(key);

    /// <summary>Drops the in-memory layer only (benchmarks and tests of L2 and L3).</summary>
    public void ClearMemory() => _memory.Clear();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await FlushAsync().ConfigureAwait(false);
        if (_sweep is not null)
        {
            await _sweep.DisposeAsync().ConfigureAwait(false);
        }

        _memory.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    private async ValueTask<CacheResult<T>> LoadSharedAsync(string key, CachedValue<T>? stale, Func<CachedValue<T>?, CancellationToken, ValueTask<Computed<T>>> factory, CancellationToken cancellationToken)
    {
        using var span = CacheStats.Tracing.StartActivity("cache.load");
        span?.SetTag("cache.stale_in_memory", stale is not null);
        var ours = new TaskCompletionSource<CacheResult<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _inflight.GetOrAdd(key, ours.Task);
        if (shared != ours.Task)
        {
            var result = await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
            Stats.Served(result.Layer, result.Stale);
            return result;
        }

        try
        {
            var result = await LoadAsync(key, stale, factory).ConfigureAwait(false);
            ours.SetResult(result);
            Stats.Served(result.Layer, result.Stale);
            return result;
        }
        catch (Exception ex)
        {
            ours.SetException(ex);
            throw;
        }
        finally
        {
            _inflight.TryRemove(new KeyValuePair<string, Task<CacheResult<T>>>(key, ours.Task));
        }
    }

    private async ValueTask<CacheResult<T>> LoadAsync(string key, CachedValue<T>? stale, Func<CachedValue<T>?, CancellationToken, ValueTask<Computed<T>>> factory)
    {
        if (_redis is not null)
        {
            var started = Stopwatch.GetTimestamp();
            var bytes = await _redis.GetAsync(key, CancellationToken.None).ConfigureAwait(false);
            var found = bytes is null ? null : Decode(key, bytes, CacheLayer.L2);
            if (found is not null && found.Times.IsFresh(_time.GetUtcNow()))
            {
                Stats.Lookup(CacheLayer.L2, LookupResults.Hit, Elapsed(started));
                return Promote(key, found, toRedis: false);
            }

            Stats.Lookup(CacheLayer.L2, found is null ? LookupResults.Miss : LookupResults.Stale, Elapsed(started));
            stale = Newer(stale, found);
        }

        if (_disk is not null)
        {
            var started = Stopwatch.GetTimestamp();
            var read = _disk.Read(key);
            var found = read is { } r ? Deserialize(key, r.Payload, r.Times, CacheLayer.L3) : null;
            if (found is not null && found.Times.IsFresh(_time.GetUtcNow()))
            {
                Stats.Lookup(CacheLayer.L3, LookupResults.Hit, Elapsed(started));
                return Promote(key, found, toRedis: true);
            }

            Stats.Lookup(CacheLayer.L3, found is null ? LookupResults.Miss : LookupResults.Stale, Elapsed(started));
            stale = Newer(stale, found);
        }

        var computed = await factory(stale, CancellationToken.None).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (computed.UseStale && stale is not null && !stale.Times.IsExpired(now))
        {
            // Reuse the stale value for a short while so a failing source is not called on every request; never past its expiry.
            var until = now + _options.FailSafeThrottleDuration;
            var times = stale.Times with { FreshUntil = until < stale.Times.ExpiresAt ? until : stale.Times.ExpiresAt };
            _memory.Set(key, new MemoryEntry<T>(_serializer.AsServedFrom(stale.Value, CacheLayer.L1), times, true, stale.Layer));
            return new CacheResult<T>(stale.Value, stale.Layer, true, stale.Times);
        }

        if (computed.Value is null)
        {
            return new CacheResult<T>(null, CacheLayer.None, false, null);
        }

        if (computed.Duration > TimeSpan.Zero && computed.MaxAge > TimeSpan.Zero)
        {
            _ = Store(key, computed.Value, EntryTimes.Create(now, computed.Duration, computed.MaxAge), computed.Persist);
        }

        return new CacheResult<T>(computed.Value, CacheLayer.None, false, null);
    }

    private CacheResult<T> Promote(string key, CachedValue<T> found, bool toRedis)
    {
        _memory.Set(key, new MemoryEntry<T>(_serializer.AsServedFrom(found.Value, CacheLayer.L1), found.Times, false, found.Layer));
        if (toRedis && _redis is { } redis)
        {
            _writes.Track(redis.SetAsync(key, EntryCodec.Encode(key, _serializer.Serialize(found.Value), found.Times, compress: false), found.Times.ExpiresAt - _time.GetUtcNow()).AsTask());
        }

        return new CacheResult<T>(_serializer.AsServedFrom(found.Value, found.Layer), found.Layer, false, found.Times);
    }

    /// <summary>Writes L1 and L3 now and L2 in the background; the task is the L2 write (tracked by <see cref="FlushAsync"/>).</summary>
    private Task Store(string key, T value, EntryTimes times, bool persist)
    {
        _memory.Set(key, new MemoryEntry<T>(_serializer.AsServedFrom(value, CacheLayer.L1), times, false, CacheLayer.None));
        if (!persist || (_redis is null && _disk is null))
        {
            return Task.CompletedTask;
        }

        var payload = _serializer.Serialize(value);
        _disk?.Write(key, payload, times);
        if (_redis is { } redis)
        {
            // In the background: a miss waits for at most one L2 timeout (its read), never for the write as well.
            var write = WriteL2Async(redis, key, EntryCodec.Encode(key, payload, times, compress: false), times.ExpiresAt - _time.GetUtcNow());
            _writes.Track(write);
            return write;
        }

        return Task.CompletedTask;
    }

    private static async Task WriteL2Async(RedisLayer redis, string key, byte[] frame, TimeSpan ttl)
    {
        if (await redis.SetAsync(key, frame, ttl).ConfigureAwait(false))
        {
            await redis.PublishAsync(new Invalidation("set", key)).ConfigureAwait(false);
        }
    }

    private CachedValue<T>? Decode(string key, byte[] bytes, CacheLayer layer)
    {
        if (!EntryCodec.TryDecode(bytes, key, out var payload, out var times))
        {
            Stats.Error(layer, "corrupt");
            return null;
        }

        return Deserialize(key, payload, times, layer);
    }

    private CachedValue<T>? Deserialize(string key, byte[] payload, EntryTimes times, CacheLayer layer)
    {
        if (times.IsExpired(_time.GetUtcNow()))
        {
            return null;
        }

        try
        {
            return new CachedValue<T>(_serializer.Deserialize(payload), times, layer);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or System.Text.Json.JsonException or ArgumentException)
        {
            Stats.Error(layer, "corrupt");
            Log.Undecodable(_log, layer.Name(), key, ex.Message);
            if (layer == CacheLayer.L3)
            {
                _disk?.Remove(key);
            }

            return null;
        }
    }

    private static CachedValue<T>? Newer(CachedValue<T>? a, CachedValue<T>? b) =>
        a is null ? b : b is null ? a : (b.Times.FetchedAt > a.Times.FetchedAt ? b : a);

    private void OnRemoteInvalidation(Invalidation invalidation)
    {
        switch (invalidation.Kind)
        {
            case "set":
            case "remove":
                _memory.Remove(invalidation.Target);
                _disk?.Remove(invalidation.Target);
                break;
            case "prefix":
                _memory.RemoveByPrefix(invalidation.Target);
                _disk?.RemoveByPrefix(invalidation.Target);
                break;
            case var kind when kind.StartsWith(SignalPrefix, StringComparison.Ordinal):
                SignalReceived?.Invoke(kind[SignalPrefix.Length..], invalidation.Target);
                break;
        }
    }
}
