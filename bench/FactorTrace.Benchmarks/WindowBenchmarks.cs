using BenchmarkDotNet.Attributes;
using FactorTrace.Grid.Windows;

namespace FactorTrace.Benchmarks;

/// <summary>
/// Clean-energy windows (docs/grid.md): a 7-day horizon over 10 zones, a 3-hour job, hourly starts (1,660 windows),
/// and the same at 15-minute starts from a half hour (6,610 windows). Synthetic series with a daily cycle, noise and one
/// missing hour per zone, so the exclusion path runs too.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class WindowBenchmarks
{
    private static readonly DateTimeOffset Start = new(2023, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private ZoneSeries[] _series = [];
    private WindowRequest _hourly = null!;
    private WindowRequest _quarterHourly = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var zones = Enumerable.Range(0, 10).Select(z => $"Z{z}").ToArray();
        _series = [.. zones.Select((zone, z) =>
        {
            var values = new double[8 * 24];
            for (var h = 0; h < values.Length; h++)
            {
                values[h] = 50 + (z * 30) + (80 * Math.Sin(h * Math.PI / 12)) + (random.NextDouble() * 20);
            }

            values[random.Next(values.Length)] = ZoneSeries.Missing;
            return new ZoneSeries(zone, Start, values);
        })];
        _hourly = new WindowRequest
        {
            Zones = zones,
            From = Start,
            To = Start.AddDays(7),
            Duration = TimeSpan.FromHours(3),
            EnergyKwh = 100,
        };
        _quarterHourly = _hourly with { From = Start.AddMinutes(30), To = Start.AddDays(7).AddMinutes(30), Step = TimeSpan.FromMinutes(15) };
    }

    [Benchmark(Baseline = true)]
    public WindowAnswer SevenDaysTenZonesHourly() => CleanWindowFinder.Find(_hourly, _series);

    [Benchmark]
    public WindowAnswer SevenDaysTenZonesQuarterHourly() => CleanWindowFinder.Find(_quarterHourly, _series);
}
