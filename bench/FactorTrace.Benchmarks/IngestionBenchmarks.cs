using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FactorTrace.Datasets;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Datasets.Ingestion;
using Microsoft.Extensions.Options;

namespace FactorTrace.Benchmarks;

/// <summary>
/// Loading every mapped dataset from the published files into the factor store. The baseline reads the
/// same files' bytes (the I/O floor); cold start runs each iteration in a fresh process state.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.ColdStart, launchCount: 3, warmupCount: 0, iterationCount: 1, id: "cold")]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 5, id: "warm")]
public class IngestionBenchmarks
{
    private DatasetIngestor _ingestor = null!;
    private string[] _files = [];

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable(DatasetsOptions.PathEnvironmentVariable)
            ?? throw new InvalidOperationException("Set FACTORTRACE_DATASETS_PATH to the datasets folder.");
        _ingestor = new DatasetIngestor(DatasetCatalogue.Default, Options.Create(new DatasetsOptions { Path = path }));
        _files = DatasetCatalogue.Default.Datasets.Where(d => d.Mapping is not null)
            .SelectMany(d => d.Files.Select(f => Path.Combine(path, d.Folder, f.Path))).Distinct().ToArray();
    }

    [Benchmark(Baseline = true)]
    public long ReadAllFileBytes() => _files.Sum(f => (long)File.ReadAllBytes(f).Length);

    [Benchmark]
    public async Task<int> IngestAllDatasets() => (await _ingestor.IngestAsync([], CancellationToken.None)).Store.Count;
}
