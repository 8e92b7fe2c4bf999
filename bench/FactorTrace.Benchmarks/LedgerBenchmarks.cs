using BenchmarkDotNet.Attributes;
using FactorTrace.Calculation;

namespace FactorTrace.Benchmarks;

/// <summary>
/// The in-memory calculation step alone (issue 6 target: ≥ 2 million rows/s on one core): 1,000,000 records whose
/// distinct requests are already resolved, each turned into its result rows (lookup, currency conversion, multiplication,
/// Scope 2 location and market rows). Single-threaded.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private const int Count = 1_000_000;
    private ActivityInput[] _records = [];
    private CalculationEngine _engine = null!;
    private readonly List<ResultRow> _rows = new(Count * 2);

    [GlobalSetup]
    public void Setup()
    {
        var (broker, loaded) = LedgerWorkload.Load();
        _records = [.. LedgerWorkload.Records(Count)];
        _engine = LedgerWorkload.Engine(broker, loaded);
        Calculate();
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int Calculate()
    {
        _rows.Clear();
        foreach (var record in _records)
        {
            var pending = _engine.CalculateAsync(record, _rows);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }

        return _rows.Count;
    }
}
