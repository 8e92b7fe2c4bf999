using BenchmarkDotNet.Attributes;
using FactorTrace.Data;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Store;

namespace FactorTrace.Benchmarks;

/// <summary>
/// One zone-year of hourly history (DE 2023, 8,760 points): the CSV read alone, and read + upsert into an empty
/// grid_points (a freshly migrated SQLite file copied before every iteration; TRUNCATE on PostgreSQL).
/// Run in process with the short job: <c>--filter '*Grid*Benchmarks*' --inProcess --job short</c>.
/// </summary>
[InvocationCount(1)]
[MemoryDiagnoser]
public class GridIngestBenchmarks
{
    private readonly string _file = "DE_2023_hourly.csv";
    private DatabaseOptions _options = null!;
    private string? _template;
    private GridStore _store = null!;

    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = GridBenchStore.Sqlite;

    public static IEnumerable<string> Providers() => GridBenchStore.Providers();

    [GlobalSetup]
    public void Setup()
    {
        _options = GridBenchStore.CreateMigratedAsync(Provider).GetAwaiter().GetResult();
        if (Provider == GridBenchStore.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _template = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(_options.ConnectionString).DataSource + ".template";
            System.IO.File.Copy(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(_options.ConnectionString).DataSource, _template, overwrite: true);
        }

        _store = GridBenchStore.Store(_options);
    }

    [IterationSetup(Target = nameof(ReadAndUpsertZoneYear))]
    public void Empty() => GridBenchStore.Reset(_options, _template);

    [GlobalCleanup]
    public void Cleanup()
    {
        BenchDatabase.Drop(_options);
        if (_template is not null)
        {
            System.IO.File.Delete(_template);
        }
    }

    [Benchmark(Baseline = true)]
    public int ReadCsvZoneYear() => GridBenchStore.ReadFile(_file).Count;

    [Benchmark]
    public async Task<int> ReadAndUpsertZoneYear()
    {
        var points = GridBenchStore.ReadFile(_file);
        var counts = await _store.UpsertAsync(points, GridOrigins.Dataset, CancellationToken.None).ConfigureAwait(false);
        return counts.Written;
    }
}
