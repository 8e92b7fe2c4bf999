using FactorTrace.Data;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Grid.Scheduling;

/// <summary>Means over the hourly store that survive retention: days rolled up into daily means, the rest still hourly.</summary>
public sealed class GridAverageQueries(SystemDbFactory db)
{
    /// <summary>
    /// The hours-weighted mean of a zone's signal over a UTC year: a day with a daily mean counts with that mean over its
    /// hours (any hourly points it still has, such as kept dataset points, are already in it); a day without one counts
    /// its hourly points. A daily mean is weighted by all its hours for both values, so a day where some hours lack one
    /// of the two values weighs that value slightly more than its hours.
    /// </summary>
    public async Task<GridYearlyAverage> YearlyAverageAsync(string zone, string signal, int year, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1970);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9998);
        var firstDate = new DateOnly(year, 1, 1);
        var lastDate = new DateOnly(year, 12, 31);
        var from = DailyRollup.DayNumber(firstDate) * DailyRollup.SecondsPerDay;
        var to = (DailyRollup.DayNumber(lastDate) + 1) * DailyRollup.SecondsPerDay;
        var context = db.Create();
        await using (context.ConfigureAwait(false))
        {
            var daily = await context.GridDailyAverages.AsNoTracking()
                .Where(d => d.Zone == zone && d.Signal == signal && d.Day >= firstDate && d.Day <= lastDate)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var hourly = await context.GridPoints.AsNoTracking()
                .Where(p => p.Zone == zone && p.Signal == signal && p.StartUnix >= from && p.StartUnix < to)
                .GroupBy(p => p.StartUnix / DailyRollup.SecondsPerDay)
                .Select(g => new
                {
                    Day = g.Key,
                    Hours = g.Count(),
                    Direct = g.Sum(p => p.Direct),
                    DirectHours = g.Count(p => p.Direct != null),
                    Lifecycle = g.Sum(p => p.Lifecycle),
                    LifecycleHours = g.Count(p => p.Lifecycle != null),
                })
                .ToListAsync(cancellationToken).ConfigureAwait(false);

            var direct = new WeightedMean();
            var lifecycle = new WeightedMean();
            var hours = 0;
            var rolledUp = new HashSet<long>();
            foreach (var d in daily)
            {
                rolledUp.Add(DailyRollup.DayNumber(d.Day));
                direct.Add(d.Direct * d.Hours, d.Direct is null ? 0 : d.Hours);
                lifecycle.Add(d.Lifecycle * d.Hours, d.Lifecycle is null ? 0 : d.Hours);
                hours += d.Hours;
            }

            foreach (var h in hourly.Where(h => !rolledUp.Contains(h.Day)))
            {
                direct.Add(h.Direct, h.DirectHours);
                lifecycle.Add(h.Lifecycle, h.LifecycleHours);
                hours += h.Hours;
            }

            return new GridYearlyAverage(zone, signal, year, direct.Mean, lifecycle.Mean, hours);
        }
    }

    private sealed class WeightedMean
    {
        private double _sum;
        private long _weight;

        public double? Mean => _weight == 0 ? null : _sum / _weight;

        public void Add(double? sum, long weight)
        {
            if (sum is { } s && weight > 0)
            {
                _sum += s;
                _weight += weight;
            }
        }
    }
}
