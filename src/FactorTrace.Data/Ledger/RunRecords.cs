using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data.Ledger;

/// <summary>The records a calculation run takes, and what a run must load beforehand to calculate them.</summary>
public static class RunRecords
{
    /// <summary>
    /// Records dated in [<paramref name="from"/>, <paramref name="to"/>] or whose period overlaps it (a record spanning
    /// months belongs to the run; only its parts inside count).
    /// </summary>
    public static IQueryable<ActivityRecord> InRun(this IQueryable<ActivityRecord> records, DateOnly from, DateOnly to) =>
        records.Where(r => (r.AccountingDate >= from && r.AccountingDate <= to) || (r.PeriodStart != null && r.PeriodEnd != null && r.PeriodStart <= to && r.PeriodEnd >= from));

    /// <summary>The regions of a run's records, each with the first and last day its records cover (whole periods, also outside the run).</summary>
    public static async Task<IReadOnlyList<RegionSpan>> RegionSpansAsync(FactorTraceDb db, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.ActivityRecords.AsNoTracking().InRun(from, to).Where(r => r.Region != null)
            .GroupBy(r => r.Region!)
            .Select(g => new { Region = g.Key, First = g.Min(r => r.PeriodStart ?? r.AccountingDate), Last = g.Max(r => r.PeriodEnd ?? r.AccountingDate) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new RegionSpan(r.Region, r.First, r.Last))];
    }
}

/// <summary>A region of a run's records and the days they cover.</summary>
/// <param name="Region">The records' region, as stored.</param>
/// <param name="First">First day covered.</param>
/// <param name="Last">Last day covered.</param>
public sealed record RegionSpan(string Region, DateOnly First, DateOnly Last);
