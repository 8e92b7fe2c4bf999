using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Reporting.Model;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Reporting.Queries;

/// <summary>The result rows behind a figure, as a query (for the traceability endpoint: page it, join the run's factors).</summary>
public static class FigureSelectorQuery
{
    /// <summary>
    /// The rows of <paramref name="runId"/> in <paramref name="results"/> that <paramref name="selector"/> selects. Gas and
    /// biogenic figures select the rows with a non-zero amount in their column.
    /// </summary>
    public static IQueryable<EmissionResult> Apply(this IQueryable<EmissionResult> results, Guid runId, FigureSelector selector)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(selector);
        var from = selector.From;
        var to = selector.To;
        var excluded = selector.View == Scope2View.LocationBased ? ResultMethods.Market : ResultMethods.Location;
        var q = results.Where(r => r.RunId == runId && r.AccountingDate >= from && r.AccountingDate <= to && r.Status == ResultStatuses.Ok && r.Method != excluded);
        if (selector.Scope is { } scope)
        {
            q = q.Where(r => r.Scope == scope);
        }

        if (selector.NoCategory)
        {
            q = q.Where(r => r.Category == null);
        }
        else if (selector.Category is { } category)
        {
            q = q.Where(r => r.Category == category);
        }

        if (selector.NoScope1Source)
        {
            q = q.Where(r => r.Scope1Source == null);
        }
        else if (selector.Scope1Source is { } source)
        {
            q = q.Where(r => r.Scope1Source == source);
        }

        if (selector.NoSite)
        {
            q = q.Where(r => r.Site == null);
        }
        else if (selector.Site is { } site)
        {
            q = q.Where(r => r.Site == site);
        }

        if (selector.Tier is { } tier)
        {
            q = q.Where(r => r.Tier == tier);
        }

        if (selector.Primary is { } primary)
        {
            q = q.Where(r => r.IsPrimary == primary);
        }

        if (selector.FactorNumbers is { } numbers)
        {
            var list = numbers.ToList();
            q = q.Where(r => list.Contains(r.FactorNo));
        }

        if (selector.Basis is { } basis)
        {
            q = q.Where(r => r.Basis == basis);
        }

        return selector.Column switch
        {
            FigureColumn.Co2 => q.Where(r => r.Co2KgCo2e != 0),
            FigureColumn.Ch4 => q.Where(r => r.Ch4KgCo2e != 0),
            FigureColumn.N2o => q.Where(r => r.N2oKgCo2e != 0),
            FigureColumn.OtherGases => q.Where(r => r.OtherKgCo2e != 0),
            FigureColumn.Unattributed => q.Where(r => r.KgCo2e - r.Co2KgCo2e - r.Ch4KgCo2e - r.N2oKgCo2e - r.OtherKgCo2e != 0),
            FigureColumn.BiogenicCo2 => q.Where(r => r.BiogenicCo2Kg != 0),
            _ => q,
        };
    }

    /// <summary>
    /// How many rows <see cref="Apply"/> selects. For whole months and the row's emissions this is the sum of the run's
    /// cells (a few hundred rows), not a count of its results (a walk over every row of the run: seconds at a million
    /// records); other selections count the rows. Both give the same number (tests compare them).
    /// </summary>
    public static async Task<long> CountAsync(FactorTraceDb db, Guid runId, FigureSelector selector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(selector);
        var fromCells = selector.Column == FigureColumn.KgCo2e && RunCells.CoversWholeMonths(selector.From, selector.To)
            && await db.CalculationRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => r.CellsWritten).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return fromCells
            ? await Cells(RunCells.InMonths(db, runId, selector.From, selector.To), selector).SumAsync(c => c.Rows, cancellationToken).ConfigureAwait(false)
            : await db.EmissionResults.AsNoTracking().Apply(runId, selector).LongCountAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The cells of the rows <see cref="Apply"/> selects (the same conditions, on the cells' columns).</summary>
    private static IQueryable<RunCell> Cells(IQueryable<RunCell> cells, FigureSelector selector)
    {
        var excluded = selector.View == Scope2View.LocationBased ? ResultMethods.Market : ResultMethods.Location;
        var q = cells.Where(c => c.Status == ResultStatuses.Ok && c.Method != excluded);
        if (selector.Scope is { } scope)
        {
            q = q.Where(c => c.Scope == scope);
        }

        if (selector.NoCategory)
        {
            q = q.Where(c => c.Category == null);
        }
        else if (selector.Category is { } category)
        {
            q = q.Where(c => c.Category == category);
        }

        if (selector.NoScope1Source)
        {
            q = q.Where(c => c.Scope1Source == null);
        }
        else if (selector.Scope1Source is { } source)
        {
            q = q.Where(c => c.Scope1Source == source);
        }

        if (selector.NoSite)
        {
            q = q.Where(c => c.Site == null);
        }
        else if (selector.Site is { } site)
        {
            q = q.Where(c => c.Site == site);
        }

        if (selector.Tier is { } tier)
        {
            q = q.Where(c => c.Tier == tier);
        }

        if (selector.Primary is { } primary)
        {
            q = q.Where(c => c.IsPrimary == primary);
        }

        if (selector.FactorNumbers is { } numbers)
        {
            var list = numbers.ToList();
            q = q.Where(c => list.Contains(c.FactorNo));
        }

        if (selector.Basis is { } basis)
        {
            q = q.Where(c => c.Basis == basis);
        }

        return q;
    }
}
