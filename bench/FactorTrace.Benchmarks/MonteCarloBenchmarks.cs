using BenchmarkDotNet.Attributes;
using FactorTrace.Calculation;

namespace FactorTrace.Benchmarks;

/// <summary>
/// Uncertainty of a total over 100,000 records, 10,000 Monte Carlo iterations (issue 6 target: seconds). Records share
/// factors as real ledgers do (<see cref="DistinctFactors"/> = 2,000), and the worst case gives every record its own.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class MonteCarloBenchmarks
{
    private EmissionTerm[] _terms = [];

    [Params(2_000, 100_000)]
    public int DistinctFactors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _terms = [.. Enumerable.Range(0, 100_000).Select(i => new EmissionTerm($"f{i % DistinctFactors}", 1 + (random.NextDouble() * 1000), 0.05 + (random.NextDouble() * 0.5)))];
    }

    [Benchmark(Baseline = true)]
    public TotalUncertainty Analytical() => UncertaintyPropagation.Analytical(_terms);

    [Benchmark]
    public TotalUncertainty MonteCarlo10k() => UncertaintyPropagation.MonteCarlo(_terms, 10_000, 42);
}
