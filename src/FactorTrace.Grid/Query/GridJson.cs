using FactorTrace.Grid.Model;
namespace FactorTrace.Grid.Query;

/// <summary>The JSON shapes of grid answers, one for the API and the CLI (snake_case names, instants in UTC with Z).</summary>
public static class GridJson
{
    /// <summary>One hourly point.</summary>
    public static object Point(GridPoint p) => p is null ? throw new ArgumentNullException(nameof(p)) : new
    {
        start = GridInstants.Format(p.Start),
        direct = p.Direct,
        lifecycle = p.Lifecycle,
        signal = p.Signal,
        source = p.Source,
        quality = p.Quality,
        estimation_method = p.EstimationMethod,
        mix = p.Mix,
    };

    /// <summary>An interval's answer.</summary>
    public static object Intensity(IntensityAnswer a) => a is null ? throw new ArgumentNullException(nameof(a)) : new
    {
        zone = a.Zone,
        from = GridInstants.Format(a.From),
        to = GridInstants.Format(a.To),
        unit = GridUnits.GramsPerKwh,
        signal = a.Signal,
        hours_expected = a.HoursExpected,
        hours_missing = a.MissingHours.Count,
        missing = a.MissingHours.Select(GridInstants.Format),
        direct = Stats(a.Direct),
        lifecycle = Stats(a.Lifecycle),
        yearly = a.Yearly is { } y ? new { year = y.Year, lifecycle = y.Lifecycle, factor_id = y.FactorId, dataset = y.Dataset, licence = y.Licence, note = "no hourly value is stored for this interval; this is the zone's yearly mean" } : null,
        points = a.Points.Select(p => new { start = GridInstants.Format(p.Start), direct = p.Direct, lifecycle = p.Lifecycle, signal = p.Signal, source = p.Source, quality = p.Quality }),
    };

    private static object? Stats(IntensityStats? s) => s is null ? null : new
    {
        mean = s.Mean,
        min = new { start = GridInstants.Format(s.MinStart), value = s.Min },
        max = new { start = GridInstants.Format(s.MaxStart), value = s.Max },
        hours = s.Hours,
    };
}
