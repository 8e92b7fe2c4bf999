using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FactorTrace.Caching;

/// <summary>Per-layer hits, misses, errors and latency: instruments (meter <c>FactorTrace.Cache</c>) and a snapshot for health.</summary>
public sealed class CacheStats : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "FactorTrace.Cache";

    /// <summary>The source of the cache's trace spans (a load past the memory layer), also named <see cref="MeterName"/>.</summary>
    public static System.Diagnostics.ActivitySource Tracing { get; } = new(MeterName);

    private readonly Meter _meter;
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _latency;
    private readonly LayerCounters[] _layers = [new(), new(), new(), new()];
    private long _requests;
    private long _served;
    private long _stale;

    /// <summary>Creates the instruments.</summary>
    public CacheStats(IMeterFactory? meters = null)
    {
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _lookups = _meter.CreateCounter<long>("factortrace.cache.lookups", description: "Cache lookups by layer and result (hit, stale, miss).");
        _errors = _meter.CreateCounter<long>("factortrace.cache.errors", description: "Cache layer errors by layer and kind (timeout, unavailable, corrupt, write).");
        _latency = _meter.CreateHistogram<double>("factortrace.cache.lookup.duration", unit: "ms", description: "Lookup latency per layer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100] });
    }

    /// <summary>Records a lookup in a layer.</summary>
    public void Lookup(CacheLayer layer, string result, double milliseconds)
    {
        var counters = _layers[(int)layer];
        if (result == LookupResults.Hit)
        {
            Interlocked.Increment(ref counters.Hits);
        }
        else
        {
            Interlocked.Increment(ref counters.Misses);
        }

        counters.Latency.Add(milliseconds);
        _lookups.Add(1, new TagList { { "layer", layer.Name() }, { "result", result } });
        _latency.Record(milliseconds, new KeyValuePair<string, object?>("layer", layer.Name()));
    }

    /// <summary>Records a layer error.</summary>
    public void Error(CacheLayer layer, string kind)
    {
        Interlocked.Increment(ref _layers[(int)layer].Errors);
        _errors.Add(1, new TagList { { "layer", layer.Name() }, { "kind", kind } });
    }

    /// <summary>Records how a request was served (a layer, or computed).</summary>
    public void Served(CacheLayer layer, bool stale)
    {
        Interlocked.Increment(ref _requests);
        if (layer != CacheLayer.None)
        {
            Interlocked.Increment(ref _served);
        }

        if (stale)
        {
            Interlocked.Increment(ref _stale);
        }
    }

    /// <summary>Counters and latency per layer, and the overall hit rate.</summary>
    public CacheSnapshot Snapshot()
    {
        var requests = Interlocked.Read(ref _requests);
        var served = Interlocked.Read(ref _served);
        return new CacheSnapshot(
            requests,
            requests == 0 ? null : (double)served / requests,
            Interlocked.Read(ref _stale),
            [.. new[] { CacheLayer.L1, CacheLayer.L2, CacheLayer.L3 }.Select(l =>
            {
                var c = _layers[(int)l];
                var (avg, p95) = c.Latency.Summary();
                var hits = Interlocked.Read(ref c.Hits);
                var misses = Interlocked.Read(ref c.Misses);
                return new LayerSnapshot(l.Name(), hits, misses, hits + misses == 0 ? null : (double)hits / (hits + misses), Interlocked.Read(ref c.Errors), avg, p95);
            })]);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private sealed class LayerCounters
    {
        public long Hits;
        public long Misses;
        public long Errors;
        public readonly LatencyWindow Latency = new();
    }
}

/// <summary>Cache statistics for health.</summary>
/// <param name="Requests">Requests that went through the cache.</param>
/// <param name="HitRate">Share of them served by any layer.</param>
/// <param name="StaleServed">Stale answers served because a source failed.</param>
/// <param name="Layers">Per layer.</param>
public sealed record CacheSnapshot(long Requests, double? HitRate, long StaleServed, IReadOnlyList<LayerSnapshot> Layers);

/// <summary>One layer's statistics; latency over the last 2,048 lookups.</summary>
public sealed record LayerSnapshot(string Layer, long Hits, long Misses, double? HitRate, long Errors, double? AverageMs, double? P95Ms);

/// <summary>The last 2,048 latencies, for an average and a p95 without a histogram library.</summary>
internal sealed class LatencyWindow
{
    private readonly double[] _samples = new double[2048];
    private long _count;

    public void Add(double milliseconds)
    {
        var i = Interlocked.Increment(ref _count) - 1;
        _samples[i & (_samples.Length - 1)] = milliseconds;
    }

    public (double? Average, double? P95) Summary()
    {
        var n = (int)Math.Min(Interlocked.Read(ref _count), _samples.Length);
        if (n == 0)
        {
            return (null, null);
        }

        var copy = _samples.AsSpan(0, n).ToArray();
        Array.Sort(copy);
        return (copy.Average(), copy[Math.Min(n - 1, (int)Math.Ceiling(n * 0.95) - 1)]);
    }
}
