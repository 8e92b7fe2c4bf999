using BenchmarkDotNet.Attributes;
using FactorTrace.Data;
using FactorTrace.Grid;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Query;
using FactorTrace.Grid.Store;
using FactorTrace.Grid.Windows;

namespace FactorTrace.Benchmarks;

/// <summary>
/// Reads from a store holding the four shipped 2023 zone-years (DE, FR, US-CAL-CISO, US-MIDA-PJM): the intensity of one
/// day of DE, and clean-energy windows over 7 days × N zones (3-hour job, hourly starts) through
/// <see cref="GridWindowService"/>, split into the store reads alone and the work on points already read
/// (<see cref="ZoneSeriesBuilder"/> + <see cref="CleanWindowFinder"/>).
/// Run in process with the short job: <c>--filter '*Grid*Benchmarks*' --inProcess --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class GridQueryBenchmarks
{
    private static readonly string[] Files = ["DE_2023_hourly.csv", "FR_2023_hourly.csv", "US-CAL-CISO_2023_hourly.csv", "US-MIDA-PJM_2023_hourly.csv"];
    private static readonly string[] AllZones = ["DE", "FR", "US-CAL-CISO", "US-MIDA-PJM"];
    private static readonly DateTimeOffset Day = new(2023, 6, 15, 0, 0, 0, TimeSpan.Zero);

    private DatabaseOptions _options = null!;
    private GridStore _store = null!;
    private GridIntensityQuery _query = null!;
    private GridWindowService _windows = null!;
    private WindowRequest _request = null!;
    private IReadOnlyList<GridPoint>[] _read = [];

    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = GridBenchStore.Sqlite;

    [Params(1, 4)]
    public int Zones { get; set; }

    public static IEnumerable<string> Providers() => GridBenchStore.Providers();

    [GlobalSetup]
    public void Setup()
    {
        _options = GridBenchStore.CreateMigratedAsync(Provider).GetAwaiter().GetResult();
        _store = GridBenchStore.Store(_options);
        _store.UpsertAsync([.. Files.SelectMany(GridBenchStore.ReadFile)], GridOrigins.Dataset, CancellationToken.None).GetAwaiter().GetResult();
        _query = new GridIntensityQuery(_store, () => null);
        _windows = new GridWindowService(_store, new GridReference(() => null));
        _request = new WindowRequest { Zones = AllZones[..Zones], From = Day, To = Day.AddDays(7), Duration = TimeSpan.FromHours(3) };
        _read = [.. _request.Zones.Select(z => _store.ReadAsync(z, GridSignals.Average, Day, Day.AddDays(7), CancellationToken.None).GetAwaiter().GetResult())];
        if (FindWindows().GetAwaiter().GetResult() is null)
        {
            throw new InvalidOperationException("The window service answered with errors.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => BenchDatabase.Drop(_options);

    [Benchmark]
    public async Task<int> IntensityOneDay()
    {
        var answer = await _query.GetAsync("DE", GridSignals.Average, Day, Day.AddDays(1), CancellationToken.None).ConfigureAwait(false);
        return answer.Points.Count;
    }

    [Benchmark]
    public async Task<WindowAnswer?> FindWindows() =>
        (await _windows.FindAsync(_request, IntensityBases.Direct, WindowLimits.Default, CancellationToken.None).ConfigureAwait(false)).Answer;

    [Benchmark]
    public async Task<int> ReadSevenDays()
    {
        var count = 0;
        foreach (var zone in _request.Zones)
        {
            count += (await _store.ReadAsync(zone, GridSignals.Average, Day, Day.AddDays(7), CancellationToken.None).ConfigureAwait(false)).Count;
        }

        return count;
    }

    [Benchmark]
    public WindowAnswer FindOnReadPoints() => CleanWindowFinder.Find(_request,
        [.. _request.Zones.Select((zone, i) => ZoneSeriesBuilder.FromPoints(zone, _request.From, _request.To, _read[i], IntensityBases.Direct))]);
}
