using FactorTrace.Grid.Model;
using FactorTrace.Grid.Query;

namespace FactorTrace.Server.Grid;

/// <summary>The JSON shapes of grid answers (instants in UTC with Z).</summary>
internal static class GridJson
{
    public static object Point(GridPoint p) => new
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

    public static object Intensity(IntensityAnswer a) => new
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
