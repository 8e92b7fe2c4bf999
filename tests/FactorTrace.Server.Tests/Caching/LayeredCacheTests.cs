using FactorTrace.Caching;
using Microsoft.Extensions.Time.Testing;

namespace FactorTrace.Server.Tests.Caching;

/// <summary>L1 memory and L3 disk on a fake clock: layers, promotion, restarts, expiry, licence age, stale, stampede, corruption.</summary>
public sealed class LayeredCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly string _disk = CacheFixtures.TempDirectory();
    private int _calls;

    [Fact]
    public async Task Miss_ComputedOnce_ThenL1_ThenAfterMemoryLossL3_PromotedToL1()
    {
        await using var cache = CacheFixtures.Create(_time, _disk);

        var first = await cache.GetOrAddAsync("ns:k", Counted("v1"), TestContext.Current.CancellationToken);
        var second = await cache.GetOrAddAsync("ns:k", Counted("v2"), TestContext.Current.CancellationToken);
        cache.ClearMemory();
        var third = await cache.GetOrAddAsync("ns:k", Counted("v3"), TestContext.Current.CancellationToken);
        var fourth = await cache.GetOrAddAsync("ns:k", Counted("v4"), TestContext.Current.CancellationToken);

        Assert.Equal((CacheLayer.None, "v1"), (first.Layer, first.Value!.Value));
        Assert.Equal((CacheLayer.L1, "v1", "l1"), (second.Layer, second.Value!.Value, second.Value.Layer));
        Assert.Equal((CacheLayer.L3, "v1", "l3"), (third.Layer, third.Value!.Value, third.Value.Layer));
        Assert.Equal(CacheLayer.L1, fourth.Layer);
        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task DiskLayer_SurvivesARestart()
    {
        await using (var before = CacheFixtures.Create(_time, _disk))
        {
            await before.GetOrAddAsync("ns:k", Counted("kept"), TestContext.Current.CancellationToken);
        }

        await using var after = CacheFixtures.Create(_time, _disk);
        var result = await after.GetOrAddAsync("ns:k", Counted("recomputed"), TestContext.Current.CancellationToken);

        Assert.Equal((CacheLayer.L3, "kept"), (result.Layer, result.Value!.Value));
        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task PastDuration_Recomputed_WithTheStaleValueOffered()
    {
        await using var cache = CacheFixtures.Create(_time, _disk);
        await cache.GetOrAddAsync("ns:k", CacheFixtures.Value("old", TimeSpan.FromHours(1)), TestContext.Current.CancellationToken);
        CachedValue<Box>? offered = null;

        _time.Advance(TimeSpan.FromHours(1));
        var result = await cache.GetOrAddAsync("ns:k", (stale, _) =>
        {
            offered = stale;
            return ValueTask.FromResult(new Computed<Box>(new Box("new"), TimeSpan.FromHours(1), TimeSpan.FromHours(2), true));
        }, TestContext.Current.CancellationToken);

        Assert.Equal("new", result.Value!.Value);
        Assert.Equal("old", offered!.Value.Value);
    }

    [Fact]
    public async Task SourceDown_StaleServedWithinMaxAge_NeverPastIt_InAnyLayer()
    {
        var fetched = _time.GetUtcNow();
        await using (var cache = CacheFixtures.Create(_time, _disk))
        {
            await cache.GetOrAddAsync("ns:k", CacheFixtures.Value("licensed", TimeSpan.FromHours(12), TimeSpan.FromHours(24)), TestContext.Current.CancellationToken);
            _time.Advance(TimeSpan.FromHours(23));
            var stale = await cache.GetOrAddAsync("ns:k", CacheFixtures.SourceDown, TestContext.Current.CancellationToken);
            Assert.True(stale.Stale);
            Assert.Equal("licensed", stale.Value!.Value);
            Assert.Equal(fetched, stale.Times!.Value.FetchedAt);
        }

        // A restart, with only the disk copy left: one second past the licence limit it is gone.
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await using var restarted = CacheFixtures.Create(_time, _disk);
        var gone = await restarted.GetOrAddAsync("ns:k", CacheFixtures.SourceDown, TestContext.Current.CancellationToken);

        Assert.Null(gone.Value);
        Assert.False(File.Exists(restarted.DiskFile("ns:k")));
    }

    [Fact]
    public async Task StaleFallback_ReusedForTheThrottle_ThenTheSourceIsTriedAgain()
    {
        await using var cache = CacheFixtures.Create(_time, _disk);
        await cache.GetOrAddAsync("ns:k", CacheFixtures.Value("v", TimeSpan.FromMinutes(5)), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(5));
        var tries = 0;
        ValueTask<Computed<Box>> Down(CachedValue<Box>? s, CancellationToken t)
        {
            tries++;
            return CacheFixtures.SourceDown(s, t);
        }

        var first = await cache.GetOrAddAsync("ns:k", Down, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(29));
        var throttled = await cache.GetOrAddAsync("ns:k", Down, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(1));
        await cache.GetOrAddAsync("ns:k", Down, TestContext.Current.CancellationToken);

        Assert.True(first.Stale);
        Assert.True(throttled.Stale);
        Assert.Equal(CacheLayer.L1, throttled.Layer);
        Assert.Equal(2, tries);
    }

    [Fact]
    public async Task ConcurrentMisses_OneComputationPerKey()
    {
        await using var cache = CacheFixtures.Create(_time, _disk);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async ValueTask<Computed<Box>> Slow(CachedValue<Box>? _, CancellationToken __)
        {
            Interlocked.Increment(ref _calls);
            await gate.Task;
            return new Computed<Box>(new Box("once"), TimeSpan.FromHours(1), TimeSpan.FromHours(1), true);
        }

        var callers = Enumerable.Range(0, 100).Select(_ => Task.Run(() => cache.GetOrAddAsync("ns:hot", Slow, TestContext.Current.CancellationToken).AsTask())).ToList();
        while (cache.Stats.Snapshot().Layers[0].Misses < 100)
        {
            await Task.Yield();
        }

        gate.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, _calls);
        Assert.All(results, r => Assert.Equal("once", r.Value!.Value));
    }

    [Fact]
    public async Task ThousandCorruptedDiskEntries_AllDetectedCountedEvicted_AnswersStillCorrect()
    {
        var keys = Enumerable.Range(0, 1000).Select(i => $"ns:key-{i}").ToList();
        await using (var writer = CacheFixtures.Create(_time, _disk))
        {
            foreach (var key in keys)
            {
                await writer.GetOrAddAsync(key, CacheFixtures.Value("v:" + key), TestContext.Current.CancellationToken);
            }
        }

        await using var cache = CacheFixtures.Create(_time, _disk);
        for (var i = 0; i < keys.Count; i++)
        {
            var file = cache.DiskFile(keys[i])!;
            var bytes = File.ReadAllBytes(file);
            switch (i % 4)
            {
                case 0: bytes[bytes.Length / 2] ^= 0x5A; File.WriteAllBytes(file, bytes); break;
                case 1: File.WriteAllBytes(file, bytes[..(bytes.Length / 3)]); break;
                case 2: File.WriteAllBytes(file, []); break;
                default: File.Copy(cache.DiskFile(keys[(i + 1) % keys.Count])!, file, overwrite: true); break;
            }
        }

        foreach (var key in keys)
        {
            var result = await cache.GetOrAddAsync(key, CacheFixtures.Value("v:" + key), TestContext.Current.CancellationToken);
            Assert.Equal((CacheLayer.None, "v:" + key), (result.Layer, result.Value!.Value));
        }

        var l3 = cache.Stats.Snapshot().Layers.Single(l => l.Layer == "l3");
        Assert.True(l3.Errors >= 1000, $"corruptions counted: {l3.Errors}");
        Assert.Equal(0, l3.Hits);
        cache.ClearMemory();
        Assert.Equal(CacheLayer.L3, (await cache.GetOrAddAsync(keys[7], Counted("again"), TestContext.Current.CancellationToken)).Layer);
    }

    [Fact]
    public async Task ExpiredDiskEntries_DeletedBySweepEvenIfNeverReadAgain()
    {
        await using var cache = CacheFixtures.Create(_time, _disk);
        await cache.GetOrAddAsync("ns:short", CacheFixtures.Value("s", TimeSpan.FromHours(1), TimeSpan.FromHours(2)), TestContext.Current.CancellationToken);
        await cache.GetOrAddAsync("ns:long", CacheFixtures.Value("l", TimeSpan.FromHours(12), TimeSpan.FromHours(24)), TestContext.Current.CancellationToken);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(File.Exists(cache.DiskFile("ns:short")));
        _time.Advance(TimeSpan.FromHours(2));

        Assert.False(File.Exists(cache.DiskFile("ns:short")));
        Assert.True(File.Exists(cache.DiskFile("ns:long")));
    }

    [Fact]
    public async Task RemoveByPrefix_RemovesFromMemoryAndDisk_OnlyThePrefix()
    {
        await using var cache = CacheFixtures.Create(_time, _disk);
        await cache.GetOrAddAsync("ns:gen1:a", CacheFixtures.Value("a"), TestContext.Current.CancellationToken);
        await cache.GetOrAddAsync("ns:gen1:b", CacheFixtures.Value("b"), TestContext.Current.CancellationToken);
        await cache.GetOrAddAsync("ns:gen2:c", CacheFixtures.Value("c"), TestContext.Current.CancellationToken);

        var removed = await cache.RemoveByPrefixAsync("ns:gen1:");
        cache.ClearMemory();

        Assert.Equal(4, removed);
        Assert.Equal(CacheLayer.None, (await cache.GetOrAddAsync("ns:gen1:a", Counted("a2"), TestContext.Current.CancellationToken)).Layer);
        Assert.Equal(CacheLayer.L3, (await cache.GetOrAddAsync("ns:gen2:c", Counted("c2"), TestContext.Current.CancellationToken)).Layer);
    }

    private Func<CachedValue<Box>?, CancellationToken, ValueTask<Computed<Box>>> Counted(string value) => (_, _) =>
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult(new Computed<Box>(new Box(value), TimeSpan.FromHours(12), TimeSpan.FromHours(24), true));
    };
}
