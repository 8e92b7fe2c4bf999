using BenchmarkDotNet.Attributes;
using FactorTrace.Broker;
using FactorTrace.Datasets;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Datasets.Ingestion;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace FactorTrace.Benchmarks;

/// <summary>
/// Warm resolve (repeated request) against a <see cref="MemoryCache"/> hit with a prebuilt key in the same run,
/// cold resolve (full cascade, no memo) and a 1-million-row estimate over 2,000 distinct requests.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
#pragma warning disable CA1063 // BenchmarkDotNet needs an unsealed class; nothing derives from it.
public class BrokerBenchmarks : IDisposable
{
    private const int Rows = 1_000_000;
    private FactorBroker _broker = null!;
    private FactorRequest _request = null!;
    private FactorRequest _fallbackRequest = null!;
    private MemoryCache _cache = null!;
    private object _key = null!;
    private EstimateRow[] _rows = [];
    private double[] _output = [];

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable(DatasetsOptions.PathEnvironmentVariable)
            ?? throw new InvalidOperationException("Set FACTORTRACE_DATASETS_PATH to the datasets folder.");
        var loaded = new DatasetIngestor(DatasetCatalogue.Default, Options.Create(new DatasetsOptions { Path = path }))
            .IngestAsync([], CancellationToken.None).GetAwaiter().GetResult();
        _broker = BrokerFactory.Create(loaded);
        _request = new FactorRequest { Activity = "fuel.diesel", Region = "GB", Year = 2024, Unit = "L" };
        _fallbackRequest = new FactorRequest { Activity = "fuel.coal.anthracite", Region = "GB-LND", Year = 2026, Unit = "t" };
        _broker.Resolve(_request);
        _cache = new MemoryCache(new MemoryCacheOptions());
        _key = "resolve|fuel.diesel|GB|2024|L|AR6";
        _cache.Set(_key, _broker.Resolve(_request));

        // 2,000 distinct requests: NAICS spend codes × 2 years, repeated over a million rows.
        var codes = loaded.Store.ForDataset("epa-useeio-v1.3").Select(f => f.SourceActivityId[6..]).Take(1_000).ToArray();
        var distinct = codes.SelectMany(c => new[] { 2022, 2023 }.Select(y => new FactorRequest { Activity = $"spend.naics.{c}", Region = "US", Year = y, Unit = "USD" })).ToArray();
        var random = new Random(42);
        _rows = Enumerable.Range(0, Rows).Select(_ => new EstimateRow(distinct[random.Next(distinct.Length)], random.NextDouble() * 1_000)).ToArray();
        _output = new double[Rows];
        _broker.EstimateMany(_rows, _output);
    }

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        _cache?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public object? MemoryCacheHit() => _cache.TryGetValue(_key, out var value) ? value : null;

    [Benchmark]
    public async ValueTask<ResolveOutcome> WarmResolve() => await _broker.ResolveAsync(_request).ConfigureAwait(false);

    [Benchmark]
    public ResolveOutcome ColdResolveExact() => _broker.ResolveUncached(_request);

    [Benchmark]
    public ResolveOutcome ColdResolveWithFallbacks() => _broker.ResolveUncached(_fallbackRequest);

    [Benchmark(OperationsPerInvoke = Rows)]
    public BatchEstimate EstimateMillionRows() => _broker.EstimateMany(_rows, _output);
}
#pragma warning restore CA1063
