using System.Diagnostics;
using FactorTrace.Caching;
using FactorTrace.Resilience;
using FactorTrace.Server.Tests.Doubles;

namespace FactorTrace.Server.Tests.Caching;

/// <summary>Timed drills run alone, after the parallel tests: their latency bounds are about the cache, not the neighbours.</summary>
[CollectionDefinition("Failure drills", DisableParallelization = true)]
public sealed class FailureDrills;

/// <summary>L2 and the backplane against the test's own redis-server on 127.0.0.1, and the failure drills.</summary>
[Collection("Failure drills")]
public sealed class RedisCacheTests : IAsyncLifetime
{
    private static readonly DependencyOptions RedisPolicy = new() { BreakDuration = TimeSpan.FromSeconds(1), MinimumThroughput = 5, SamplingDuration = TimeSpan.FromSeconds(2) };
    private RedisProcess _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await RedisProcess.StartAsync();

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task SecondInstance_ReadsFromL2_AndPromotesToL1()
    {
        await using var a = await CreateAsync();
        await using var b = await CreateAsync();

        await a.GetOrAddAsync("ns:k", CacheFixtures.Value("shared"), TestContext.Current.CancellationToken);
        await a.FlushAsync();
        var fromRedis = await b.GetOrAddAsync("ns:k", CacheFixtures.SourceDown, TestContext.Current.CancellationToken);
        var promoted = await b.GetOrAddAsync("ns:k", CacheFixtures.SourceDown, TestContext.Current.CancellationToken);

        Assert.Equal((CacheLayer.L2, "shared", "l2"), (fromRedis.Layer, fromRedis.Value!.Value, fromRedis.Value.Layer));
        Assert.Equal(CacheLayer.L1, promoted.Layer);
    }

    [Fact]
    public async Task InvalidationOnOneInstance_IsSeenByTheOther_KeyAndPrefix()
    {
        await using var a = await CreateAsync();
        await using var b = await CreateAsync();
        foreach (var key in new[] { "ns:g1:x", "ns:g1:y", "ns:g2:z" })
        {
            await a.GetOrAddAsync(key, CacheFixtures.Value(key), TestContext.Current.CancellationToken);
            await a.FlushAsync();
            await b.GetOrAddAsync(key, CacheFixtures.SourceDown, TestContext.Current.CancellationToken);
            Assert.True(b.InMemory(key));
        }

        await a.RemoveAsync("ns:g2:z");
        await a.RemoveByPrefixAsync("ns:g1:");

        await WaitUntilAsync(() => !b.InMemory("ns:g2:z") && !b.InMemory("ns:g1:x") && !b.InMemory("ns:g1:y"));
        Assert.Null((await b.GetOrAddAsync("ns:g1:x", CacheFixtures.SourceDown, TestContext.Current.CancellationToken)).Value);
    }

    [Fact]
    public async Task NewValueSetOnOneInstance_ReplacesTheOthersCopy()
    {
        await using var a = await CreateAsync();
        await using var b = await CreateAsync();
        await a.GetOrAddAsync("ns:k", CacheFixtures.Value("v1"), TestContext.Current.CancellationToken);
        await a.FlushAsync();
        await b.GetOrAddAsync("ns:k", CacheFixtures.SourceDown, TestContext.Current.CancellationToken);

        await a.SetAsync("ns:k", new Box("v2"), TimeSpan.FromHours(1), TimeSpan.FromHours(2));

        await WaitUntilAsync(() => !b.InMemory("ns:k"));
        Assert.Equal("v2", (await b.GetOrAddAsync("ns:k", CacheFixtures.SourceDown, TestContext.Current.CancellationToken)).Value!.Value);
    }

    [Fact]
    public async Task LicenceVolumeGuard_SharedByInstancesThroughRedis()
    {
        await using var a = await CreateAsync();
        await using var b = await CreateAsync();
        var time = TimeProvider.System;
        var guardA = new FactorTrace.Remote.LicenceVolumeGuard(3, time, a.TryAddCappedAsync);
        var guardB = new FactorTrace.Remote.LicenceVolumeGuard(3, time, b.TryAddCappedAsync);

        Assert.True(await guardA.TryAdmitAsync("t1", "ecoinvent", "f1"));
        Assert.True(await guardA.TryAdmitAsync("t1", "ecoinvent", "f2"));
        Assert.True(await guardB.TryAdmitAsync("t1", "ecoinvent", "f3"));
        Assert.False(await guardB.TryAdmitAsync("t1", "ecoinvent", "f4"));
        Assert.False(await guardA.TryAdmitAsync("t1", "ecoinvent", "f5"));
        Assert.True(await guardB.TryAdmitAsync("t1", "ecoinvent", "f1"));
        Assert.True(await guardB.TryAdmitAsync("t2", "ecoinvent", "f4"));
    }

    [Fact]
    public async Task RedisKilledThenRestarted_NoFailedLookups_L2BackWithinSeconds()
    {
        await using var cache = await CreateAsync();
        var drill = Drill(cache, TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(500));
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        _redis.Kill();
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        await _redis.StartProcessAsync();
        var (failures, worst, lookups, slow) = await drill;
        var back = await WaitForL2Async(cache, TimeSpan.FromSeconds(15));
        TestContext.Current.TestOutputHelper?.WriteLine($"killed: {lookups} lookups, {failures} failed, {slow} over 500 ms, worst {worst.TotalMilliseconds:0.0} ms, L2 back {back.TotalSeconds:0.0} s after the drill");

        Assert.Equal(0, failures);
        Assert.True(lookups > 1000, $"only {lookups} lookups");
        Assert.True(slow <= 4, $"{slow} lookups over 500 ms (worst {worst.TotalMilliseconds:0} ms): lookups waited on the dead Redis");
    }

    [Fact]
    public async Task RedisFrozen_NoFailedLookups_WorstLatencyBoundedByTheL2Timeout_BackAfterThaw()
    {
        await using var cache = await CreateAsync();
        var drill = Drill(cache, TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(250));
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        _redis.Freeze();
        await Task.Delay(2000, TestContext.Current.CancellationToken);
        _redis.Thaw();
        var (failures, worst, lookups, slow) = await drill;
        var errors = cache.Stats.Snapshot().Layers.Single(l => l.Layer == "l2").Errors;
        var back = await WaitForL2Async(cache, TimeSpan.FromSeconds(15));
        TestContext.Current.TestOutputHelper?.WriteLine($"frozen: {lookups} lookups, {failures} failed, {slow} over 250 ms, worst {worst.TotalMilliseconds:0.0} ms, {errors} L2 errors, L2 back {back.TotalSeconds:0.0} s after the drill");

        Assert.Equal(0, failures);
        Assert.True(lookups > 1000, $"only {lookups} lookups");
        // 50 ms L2 timeout plus scheduling slack on a shared 2-core machine; one stall of the host is not the cache's.
        Assert.True(slow <= 4, $"{slow} lookups over 250 ms (worst {worst.TotalMilliseconds:0} ms): lookups waited on the frozen Redis");
        Assert.True(errors > 0);
    }

    private async Task<LayeredCache<Box>> CreateAsync()
    {
        var cache = CacheFixtures.Create(TimeProvider.System, disk: null, redis: _redis.ConnectionString, redisPolicy: RedisPolicy);
        await cache.RedisReady;
        return cache;
    }

    /// <summary>
    /// Steady lookups over 2,000 keys (about 1 in 10 a miss) on 4 workers; every answer checked. Lookups slower than
    /// <paramref name="slowAfter"/> are counted: a lookup that waited on the dead Redis makes every L2 lookup of the outage
    /// slow (hundreds), while a single stall of the test host's thread pool under the full suite makes one.
    /// </summary>
    private static Task<(int Failures, TimeSpan Worst, int Lookups, int Slow)> Drill(LayeredCache<Box> cache, TimeSpan length, TimeSpan slowAfter) => Task.Run(async () =>
    {
        var failures = 0;
        var lookups = 0;
        var slow = 0;
        long worstTicks = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (clock.Elapsed < length)
            {
                var n = random.Next(2000);
                var key = $"ns:drill:{n}";
                if (random.Next(10) == 0)
                {
                    cache.ClearMemory();
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    var result = await cache.GetOrAddAsync(key, CacheFixtures.Value("v" + n), CancellationToken.None);
                    if (result.Value?.Value != "v" + n)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }

                var elapsed = Stopwatch.GetElapsedTime(started).Ticks;
                if (elapsed > slowAfter.Ticks)
                {
                    Interlocked.Increment(ref slow);
                }

                long seen;
                while (elapsed > (seen = Interlocked.Read(ref worstTicks)) && Interlocked.CompareExchange(ref worstTicks, elapsed, seen) != seen)
                {
                }

                Interlocked.Increment(ref lookups);
                await Task.Yield();
            }
        })));
        return (failures, TimeSpan.FromTicks(worstTicks), lookups, slow);
    });

    private static async Task<TimeSpan> WaitForL2Async(LayeredCache<Box> cache, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        var n = 0;
        while (clock.Elapsed < within)
        {
            var key = $"ns:back:{n++}";
            await cache.GetOrAddAsync(key, CacheFixtures.Value("x"), TestContext.Current.CancellationToken);
            await cache.FlushAsync();
            cache.ClearMemory();
            if ((await cache.GetOrAddAsync(key, CacheFixtures.SourceDown, TestContext.Current.CancellationToken)).Layer == CacheLayer.L2)
            {
                return clock.Elapsed;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"L2 was not back in use within {within.TotalSeconds} s");
        return within;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the invalidation did not arrive within 5 s");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
