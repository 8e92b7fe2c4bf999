using FactorTrace.Grid.Model;
using FactorTrace.Grid.Store;

namespace FactorTrace.Grid.Query;

/// <summary>
/// Hourly intensity of a zone over a half-open interval: the hours that overlap <c>[from, to)</c> (an hour starting at
/// <c>to</c> is outside), means weighted by the minutes of each hour inside the interval, missing hours listed, never
/// filled in. When the store has no hour at all, the yearly average of the zone is given beside it, as such.
/// </summary>
public sealed class GridIntensityQuery(GridStore store, Func<YearlyGridFactors?> yearly)
{
    /// <summary>Answers for a zone (already resolved) and signal.</summary>
    public async Task<IntensityAnswer> GetAsync(string zone, string signal, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        var firstHour = GridUnits.HourOf(from);
        var points = await store.ReadAsync(zone, signal, firstHour, to, cancellationToken).ConfigureAwait(false);
        return Summarise(zone, signal, from, to, points, points.Count == 0 ? yearly()?.Find(zone, from.Year) : null);
    }

    /// <summary>The answer over given points (hour-aligned, ordered, of one zone and signal).</summary>
    public static IntensityAnswer Summarise(string zone, string signal, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<GridPoint> points, YearlyIntensity? yearly)
    {
        ArgumentNullException.ThrowIfNull(points);
        var firstHour = GridUnits.HourOf(from);
        var missing = new List<DateTimeOffset>();
        var expected = 0;
        var next = 0;
        for (var hour = firstHour; hour < to; hour = hour.AddHours(1))
        {
            expected++;
            while (next < points.Count && points[next].Start < hour)
            {
                next++;
            }

            if (next >= points.Count || points[next].Start != hour)
            {
                missing.Add(hour);
            }
        }

        return new IntensityAnswer(zone, from, to, signal, expected, missing,
            Stats(points, from, to, IntensityBases.Direct), Stats(points, from, to, IntensityBases.Lifecycle), points, yearly);
    }

    private static IntensityStats? Stats(IReadOnlyList<GridPoint> points, DateTimeOffset from, DateTimeOffset to, string basis)
    {
        double weighted = 0, minutes = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        DateTimeOffset minAt = default, maxAt = default;
        var hours = 0;
        foreach (var p in points)
        {
            if (p.Value(basis) is not { } v)
            {
                continue;
            }

            var start = p.Start < from ? from : p.Start;
            var end = p.Start.AddHours(1) > to ? to : p.Start.AddHours(1);
            var inside = (end - start).TotalMinutes;
            if (inside <= 0)
            {
                continue;
            }

            hours++;
            weighted += v * inside;
            minutes += inside;
            if (v < min)
            {
                (min, minAt) = (v, p.Start);
            }

            if (v > max)
            {
                (max, maxAt) = (v, p.Start);
            }
        }

        return hours == 0 ? null : new IntensityStats(weighted / minutes, minAt, min, maxAt, max, hours);
    }
}
