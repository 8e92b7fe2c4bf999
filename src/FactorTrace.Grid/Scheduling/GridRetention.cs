using FactorTrace.Data;
using FactorTrace.Grid.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactorTrace.Grid.Scheduling;

/// <summary>
/// Deletes hourly points older than <see cref="GridOptions.Retention"/>, keeping each day's means. The cut-off is
/// rounded down to a UTC midnight, so a day is deleted whole and its mean is taken over all its hours, once.
/// Points from datasets are kept unless <see cref="GridOptions.RetentionIncludesDatasets"/>. Deletion runs in batches
/// of <see cref="GridOptions.RetentionBatch"/> points, oldest first, each batch in its own statement (its own short
/// transaction), so readers and ingestion never wait on one long delete; before a batch is deleted, the days it
/// touches are rolled up into <c>grid_daily_averages</c> in a transaction of their own. A run stopped between the two
/// leaves the points in place, and the next run rolls the day up again to the same values.
/// </summary>
public sealed class GridRetention
{
    private readonly SystemDbFactory _db;
    private readonly GridOptions _options;
    private readonly ILogger<GridRetention> _logger;

    /// <summary>Retention on the shared grid tables.</summary>
    public GridRetention(SystemDbFactory db, IOptions<GridOptions> options, ILogger<GridRetention> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _db = db ?? throw new ArgumentNullException(nameof(db));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = options.Value;
    }

    /// <summary>Retention as a scheduled job: every <see cref="GridOptions.RetentionEvery"/>, from UTC midnight.</summary>
    public ScheduledJob Job() => new(GridJobNames.Retention, _options.RetentionEvery, TimeSpan.Zero, async (context, cancellationToken) =>
    {
        var deleted = await RunAsync(context.Now, cancellationToken).ConfigureAwait(false);
        return new GridJobResult(deleted);
    });

    /// <summary>The instant before which points are deleted at <paramref name="now"/>: <c>now − Retention</c>, down to UTC midnight.</summary>
    public DateTimeOffset CutoffAt(DateTimeOffset now)
    {
        var day = Math.DivRem((now - _options.Retention).ToUnixTimeSeconds(), DailyRollup.SecondsPerDay, out var rest);
        return DateTimeOffset.FromUnixTimeSeconds((rest < 0 ? day - 1 : day) * DailyRollup.SecondsPerDay);
    }

    /// <summary>Rolls up and deletes the points older than the cut-off at <paramref name="now"/>; the points deleted.</summary>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = CutoffAt(now);
        var cutoffUnix = cutoff.ToUnixTimeSeconds();
        var batch = _options.RetentionBatch;
        var includeDatasets = _options.RetentionIncludesDatasets;
        var deleted = 0;
        var days = 0;
        long rolledThrough = long.MinValue;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var db = _db.Create();
            await using (db.ConfigureAwait(false))
            {
                var next = Deletable(db, cutoffUnix, includeDatasets).OrderBy(p => p.StartUnix).ThenBy(p => p.Zone).ThenBy(p => p.Signal).Take(batch);
                if (await next.MaxAsync(p => (long?)p.StartUnix, cancellationToken).ConfigureAwait(false) is not { } last)
                {
                    break;
                }

                var first = await next.MinAsync(p => p.StartUnix, cancellationToken).ConfigureAwait(false);
                var firstDay = Math.Max(first / DailyRollup.SecondsPerDay, rolledThrough + 1);
                var lastDay = last / DailyRollup.SecondsPerDay;
                if (firstDay <= lastDay)
                {
                    await DailyRollup.RollUpAsync(_db, firstDay, lastDay, includeDatasets, cancellationToken).ConfigureAwait(false);
                    days += (int)(lastDay - firstDay + 1);
                    rolledThrough = lastDay;
                }

                var removed = await next.ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                deleted += removed;
                if (removed < batch)
                {
                    break;
                }
            }
        }

        SchedulerLog.Retained(_logger, deleted, cutoff, days);
        return deleted;
    }

    private static IQueryable<Data.Grid.GridPointRow> Deletable(FactorTraceDb db, long cutoffUnix, bool includeDatasets) =>
        db.GridPoints.Where(p => p.StartUnix < cutoffUnix && (includeDatasets || p.Origin != GridOrigins.Dataset));
}
