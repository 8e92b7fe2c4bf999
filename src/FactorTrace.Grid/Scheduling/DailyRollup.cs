using FactorTrace.Data;
using FactorTrace.Data.Grid;
using FactorTrace.Grid.Model;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Grid.Scheduling;

/// <summary>
/// Upserts <c>grid_daily_averages</c> for whole UTC days from the hourly points still present, before retention deletes
/// them. A day's row is its mean over every point of the day (dataset ones included, even when they are kept). A day
/// that already has a row is rolled up again only when at least as many hours are present as the row covers (the day
/// was loaded again); otherwise its row stands: the points left are the rest of a day a stopped run began to delete,
/// already counted, or a few late points, which are then deleted without changing the mean.
/// </summary>
internal static class DailyRollup
{
    public const long SecondsPerDay = 86_400;

    /// <summary>Rolls up the days <c>[firstDay, lastDay]</c> (day numbers since the Unix epoch) in one transaction; the rows written.</summary>
    public static async Task<int> RollUpAsync(SystemDbFactory factory, long firstDay, long lastDay, bool includeDatasets, CancellationToken cancellationToken)
    {
        var from = firstDay * SecondsPerDay;
        var to = (lastDay + 1) * SecondsPerDay;
        var db = factory.Create();
        await using (db.ConfigureAwait(false))
        {
            var groups = await db.GridPoints.AsNoTracking()
                .Where(p => p.StartUnix >= from && p.StartUnix < to)
                .GroupBy(p => new { p.Zone, p.Signal, Day = p.StartUnix / SecondsPerDay })
                .Select(g => new DayGroup(
                    g.Key.Zone,
                    g.Key.Signal,
                    g.Key.Day,
                    g.Count(),
                    g.Average(p => p.Direct),
                    g.Average(p => p.Lifecycle),
                    g.Count(p => includeDatasets || p.Origin != GridOrigins.Dataset)))
                .ToListAsync(cancellationToken).ConfigureAwait(false);

            var firstDate = Date(firstDay);
            var lastDate = Date(lastDay);
            var existing = await db.GridDailyAverages
                .Where(d => d.Day >= firstDate && d.Day <= lastDate)
                .ToDictionaryAsync(d => (d.Zone, d.Signal, d.Day), cancellationToken).ConfigureAwait(false);

            foreach (var g in groups.Where(g => g.DeletableHours > 0))
            {
                var day = Date(g.Day);
                if (!existing.TryGetValue((g.Zone, g.Signal, day), out var row))
                {
                    db.GridDailyAverages.Add(new GridDailyAverage { Zone = g.Zone, Signal = g.Signal, Day = day, Direct = g.Direct, Lifecycle = g.Lifecycle, Hours = g.Hours });
                }
                else if (g.Hours >= row.Hours)
                {
                    (row.Direct, row.Lifecycle, row.Hours) = (g.Direct, g.Lifecycle, g.Hours);
                }
            }

            return await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The UTC date of a day number since the Unix epoch.</summary>
    public static DateOnly Date(long day) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)day);

    /// <summary>The day number since the Unix epoch of a UTC date.</summary>
    public static long DayNumber(DateOnly date) => date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private sealed record DayGroup(
        string Zone, string Signal, long Day, int Hours, double? Direct, double? Lifecycle, int DeletableHours);
}
