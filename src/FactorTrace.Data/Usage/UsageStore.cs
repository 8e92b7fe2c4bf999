using FactorTrace.Usage;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data.Usage;

/// <summary>One line of a usage report.</summary>
/// <param name="TenantId">The tenant (platform reports), else empty.</param>
/// <param name="Day">The day, when grouped by day.</param>
/// <param name="Meter">The meter, when grouped by meter.</param>
/// <param name="Quantity">The sum.</param>
public sealed record UsageLine(Guid TenantId, DateOnly? Day, string? Meter, long Quantity);

/// <summary>Writes drained usage counts and reads them back summed.</summary>
public static class UsageStore
{
    /// <summary>
    /// Adds each count to its row with one atomic increment (inserting the row when it is the day's first), so flushes of
    /// several instances add up. Returns the counts that were not written when the database failed part-way, for the
    /// next flush; the exception is rethrown only when nothing at all was written.
    /// </summary>
    public static async Task<IReadOnlyList<UsageCount>> AddAsync(SystemDbFactory systemDb, IReadOnlyList<UsageCount> counts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(systemDb);
        ArgumentNullException.ThrowIfNull(counts);
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            for (var i = 0; i < counts.Count; i++)
            {
                try
                {
                    await AddOneAsync(db, counts[i], cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (i > 0)
                {
                    return counts.Skip(i).ToList();
                }
            }
        }

        return [];
    }

    private static async Task AddOneAsync(FactorTraceDb db, UsageCount count, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var changed = await db.UsageDays.IgnoreQueryFilters().Where(u => u.TenantId == count.TenantId && u.Day == count.Day && u.Meter == count.Meter)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Quantity, u => u.Quantity + count.Quantity), cancellationToken).ConfigureAwait(false);
            if (changed > 0)
            {
                return;
            }

            db.UsageDays.Add(new UsageDay { TenantId = count.TenantId, Day = count.Day, Meter = count.Meter, Quantity = count.Quantity });
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another instance inserted the row in between: add to it instead.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The tenant's use in [from, to] (UTC days), by day or by meter.</summary>
    public static async Task<IReadOnlyList<UsageLine>> ForTenantAsync(FactorTraceDb db, DateOnly from, DateOnly to, bool byDay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = db.UsageDays.AsNoTracking().Where(u => u.Day >= from && u.Day <= to);
        if (byDay)
        {
            var days = await rows.GroupBy(u => new { u.Day, u.Meter }).Select(g => new { g.Key.Day, g.Key.Meter, Quantity = g.Sum(u => u.Quantity) })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return days.OrderBy(d => d.Day).ThenBy(d => MeterOrder(d.Meter)).Select(d => new UsageLine(Guid.Empty, d.Day, d.Meter, d.Quantity)).ToList();
        }

        var meters = await rows.GroupBy(u => u.Meter).Select(g => new { Meter = g.Key, Quantity = g.Sum(u => u.Quantity) }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return meters.OrderBy(m => MeterOrder(m.Meter)).Select(m => new UsageLine(Guid.Empty, null, m.Meter, m.Quantity)).ToList();
    }

    /// <summary>Every tenant's use in [from, to] by meter (platform administrators).</summary>
    public static async Task<IReadOnlyList<UsageLine>> ForPlatformAsync(SystemDbFactory systemDb, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(systemDb);
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            var lines = await db.UsageDays.IgnoreQueryFilters().AsNoTracking().Where(u => u.Day >= from && u.Day <= to)
                .GroupBy(u => new { u.TenantId, u.Meter }).Select(g => new { g.Key.TenantId, g.Key.Meter, Quantity = g.Sum(u => u.Quantity) })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return lines.OrderBy(l => l.TenantId).ThenBy(l => MeterOrder(l.Meter)).Select(l => new UsageLine(l.TenantId, null, l.Meter, l.Quantity)).ToList();
        }
    }

    private static int MeterOrder(string meter)
    {
        var i = Meters.All.ToList().IndexOf(meter);
        return i < 0 ? int.MaxValue : i;
    }
}
