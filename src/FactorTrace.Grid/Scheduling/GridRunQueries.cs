using FactorTrace.Data;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Grid.Scheduling;

/// <summary>The scheduler's record, for the API: recent runs and slots no instance claimed.</summary>
public sealed class GridRunQueries(SystemDbFactory db)
{
    /// <summary>Most runs <see cref="RecentAsync"/> returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The latest runs, newest first, of one job or of all; <paramref name="limit"/> is clamped to 1…<see cref="MaxLimit"/>.</summary>
    public async Task<IReadOnlyList<GridRunView>> RecentAsync(string? job, int limit, CancellationToken cancellationToken = default)
    {
        var context = db.Create();
        await using (context.ConfigureAwait(false))
        {
            var runs = context.GridRuns.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(job))
            {
                runs = runs.Where(r => r.Job == job);
            }

            var rows = await runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
                .Take(Math.Clamp(limit, 1, MaxLimit))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.Select(GridRunView.From)];
        }
    }

    /// <summary>
    /// Slots of <paramref name="job"/> no instance claimed, between its first claimed slot (or the first at or after
    /// <paramref name="since"/>) and its latest one, counted in the job's current period <paramref name="every"/>. Claims
    /// made under another period (the setting changed) are left out. Slots after the latest claim are not counted until
    /// an instance claims a slot again.
    /// </summary>
    public async Task<long> MissedSlotsAsync(string job, TimeSpan every, DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, TimeSpan.FromSeconds(1));
        var period = (long)every.TotalSeconds;
        var from = since?.ToUnixTimeSeconds() ?? long.MinValue;
        var context = db.Create();
        await using (context.ConfigureAwait(false))
        {
            var claims = context.GridSlots.AsNoTracking().Where(s => s.Job == job && s.SlotUnix >= from);
            if (await claims.MaxAsync(s => (long?)s.SlotUnix, cancellationToken).ConfigureAwait(false) is not { } last)
            {
                return 0;
            }

            var aligned = claims.Where(s => (last - s.SlotUnix) % period == 0);
            var first = await aligned.MinAsync(s => s.SlotUnix, cancellationToken).ConfigureAwait(false);
            var count = await aligned.LongCountAsync(cancellationToken).ConfigureAwait(false);
            return ((last - first) / period) + 1 - count;
        }
    }
}
