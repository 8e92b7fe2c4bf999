using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Reporting.Model;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Reporting.Queries;

/// <summary>
/// The figures of a period at a glance: totals by scope under both Scope 2 methods with their 95 % intervals (analytical,
/// so a page answers in milliseconds; the report and the API summary add the Monte Carlo simulation), Scope 3 by
/// category, the trend by month, the top sites and the data-quality tiers. Each panel is one small GROUP BY done by the
/// database over the run's stored cells (whole months) or, failing that, over its result rows — the same query over
/// either. Each figure keeps its selector, so the rows behind it can be listed.
/// </summary>
public static class LedgerDashboard
{
    /// <summary>Loads the dashboard of <paramref name="run"/> over [<paramref name="from"/>, <paramref name="to"/>] (the context is the tenant's).</summary>
    public static async Task<DashboardView> LoadAsync(FactorTraceDb db, CalculationRun run, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(run);
        var runId = run.Id;
        var cellsWritten = await db.CalculationRuns.AsNoTracking().AnyAsync(r => r.Id == runId && r.CellsWritten, cancellationToken).ConfigureAwait(false);
        var atoms = cellsWritten && RunCells.CoversWholeMonths(from, to)
            ? RunCells.InMonths(db, runId, from, to).Select(c => new Atom
            {
                Status = c.Status,
                Scope = c.Scope,
                Method = c.Method,
                Category = c.Category,
                Site = c.Site,
                Year = c.Year,
                Month = c.Month,
                FactorNo = c.FactorNo,
                Tier = c.Tier,
                Kg = c.KgCo2e,
                Sigma = c.SigmaLn,
                Rows = c.Rows,
                WholeRows = c.WholeRows,
            })
            : db.EmissionResults.AsNoTracking().Where(r => r.RunId == runId && r.AccountingDate >= from && r.AccountingDate <= to).Select(r => new Atom
            {
                Status = r.Status,
                Scope = r.Scope,
                Method = r.Method,
                Category = r.Category,
                Site = r.Site,
                Year = r.AccountingDate.Year,
                Month = r.AccountingDate.Month,
                FactorNo = r.FactorNo,
                Tier = r.Tier,
                Kg = r.KgCo2e,
                Sigma = r.SigmaLn,
                Rows = 1,
                WholeRows = r.Share == 1 ? 1 : 0,
            });
        var ok = atoms.Where(a => a.Status == ResultStatuses.Ok);
        var location = ok.Where(a => a.Method != ResultMethods.Market);

        var factors = await ok.GroupBy(a => new { a.Scope, a.Method, a.FactorNo })
            .Select(g => new Part(g.Key.Scope, g.Key.Method, g.Key.FactorNo, g.Sum(a => a.Kg), g.Max(a => a.Sigma), g.Sum(a => a.Rows))).ToListAsync(cancellationToken).ConfigureAwait(false);
        var categories = await location.Where(a => a.Scope == "3").GroupBy(a => a.Category)
            .Select(g => new { g.Key, Kg = g.Sum(a => a.Kg), Rows = g.Sum(a => a.Rows) }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var months = await location.GroupBy(a => new { a.Year, a.Month, a.Scope })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Scope, Kg = g.Sum(a => a.Kg), Rows = g.Sum(a => a.Rows) }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var sites = await location.Where(a => a.Site != null).GroupBy(a => a.Site)
            .Select(g => new { Site = g.Key!, Kg = g.Sum(a => a.Kg), Rows = g.Sum(a => a.Rows) })
            .OrderByDescending(s => s.Kg).ThenBy(s => s.Site).Take(10).ToListAsync(cancellationToken).ConfigureAwait(false);
        var tiers = await location.GroupBy(a => a.Tier)
            .Select(g => new { g.Key, Kg = g.Sum(a => a.Kg), Rows = g.Sum(a => a.Rows) }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var perRecord = atoms.Where(a => a.Method != ResultMethods.Market);
        var records = await perRecord.SumAsync(a => a.WholeRows, cancellationToken).ConfigureAwait(false)
            + await RunCells.SplitRecordsAsync(db, runId, from, to, cancellationToken).ConfigureAwait(false);
        var failed = await perRecord.Where(a => a.Status != ResultStatuses.Ok).SumAsync(a => a.Rows, cancellationToken).ConfigureAwait(false);

        var loc = new FigureSelector { From = from, To = to };
        var mkt = loc with { View = Scope2View.MarketBased };
        ReportFigure Total(string id, string label, FigureSelector selector)
        {
            var used = factors.Where(p => (selector.View == Scope2View.MarketBased ? p.Method != ResultMethods.Location : p.Method != ResultMethods.Market)
                && (selector.Scope is null || p.Scope == selector.Scope)).ToList();
            var terms = used.Select(p => new EmissionTerm(p.FactorNo < 0 ? $"instrument:{p.Method}" : p.FactorNo.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Kg, p.Sigma)).ToList();
            var u = UncertaintyPropagation.Analytical(terms);
            return new ReportFigure(id, label, FigureKind.Emissions, used.Sum(p => p.Kg), selector)
            {
                Rows = used.Sum(p => p.Rows),
                Uncertainty = terms.Count == 0 ? new Interval95(0, 0, u.Method) : new Interval95(u.Low95, u.High95, u.Method),
            };
        }

        static ReportFigure Figure(string id, string label, FigureSelector selector, double kg, long rows) =>
            new(id, label, FigureKind.Emissions, kg, selector) { Rows = rows };

        var scopes = new List<ReportFigure>
        {
            Total("scope1", "Scope 1", loc with { Scope = "1" }),
            Total("scope2.location", "Scope 2 (location-based)", loc with { Scope = "2" }),
            Total("scope2.market", "Scope 2 (market-based)", mkt with { Scope = "2" }),
            Total("scope3", "Scope 3", loc with { Scope = "3" }),
            Total("total.location", "Total (location-based)", loc),
            Total("total.market", "Total (market-based)", mkt),
        };
        var categoryFigures = Enumerable.Range(1, 15)
            .Select(n => (n, Found: categories.FirstOrDefault(c => c.Key == Model.Scope3Categories.Stored(n))))
            .Where(c => c.Found is not null)
            .Select(c => Figure($"scope3.cat{c.n}", $"{c.n} {Model.Scope3Categories.Names[c.n]}", loc with { Scope = "3", Category = Model.Scope3Categories.Stored(c.n) }, c.Found!.Kg, c.Found.Rows))
            .ToList();
        if (categories.FirstOrDefault(c => c.Key is null) is { } unassigned)
        {
            categoryFigures.Add(Figure("scope3.unassigned", "Category not stated", loc with { Scope = "3", NoCategory = true }, unassigned.Kg, unassigned.Rows));
        }

        var monthLines = new List<DashboardMonth>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var first = month < from ? from : month;
            var last = month.AddMonths(1).AddDays(-1) > to ? to : month.AddMonths(1).AddDays(-1);
            var range = loc with { From = first, To = last };
            ReportFigure Of(string scope, string label)
            {
                var found = months.Where(m => m.Year == month.Year && m.Month == month.Month && m.Scope == scope).ToList();
                return Figure($"month.{FigureBuilder.MonthId(month)}.scope{scope}", label, range with { Scope = scope }, found.Sum(m => m.Kg), found.Sum(m => m.Rows));
            }

            monthLines.Add(new DashboardMonth(month, Of("1", "Scope 1"), Of("2", "Scope 2 (location-based)"), Of("3", "Scope 3")));
        }

        var siteFigures = sites.Select(s => Figure($"site.{FigureBuilder.Slug(s.Site)}", s.Site, loc with { Site = s.Site }, s.Kg, s.Rows)).ToList();
        var tierFigures = Enumerable.Range(1, 5).Select(t => tiers.FirstOrDefault(x => x.Key == t) is { } found
            ? Figure($"tier.{t}", $"Tier {t}", loc with { Tier = t }, found.Kg, found.Rows)
            : Figure($"tier.{t}", $"Tier {t}", loc with { Tier = t }, 0, 0)).ToList();
        return new DashboardView(run, from, to, records, failed, scopes, categoryFigures, monthLines, siteFigures, tierFigures);
    }

    private sealed record Part(string Scope, string Method, int FactorNo, double Kg, double Sigma, long Rows);

    /// <summary>One stored cell or one result row, in the shape the panels group.</summary>
    private sealed class Atom
    {
        public required string Status { get; init; }

        public required string Scope { get; init; }

        public required string Method { get; init; }

        public string? Category { get; init; }

        public string? Site { get; init; }

        public int Year { get; init; }

        public int Month { get; init; }

        public int FactorNo { get; init; }

        public int Tier { get; init; }

        public double Kg { get; init; }

        public double Sigma { get; init; }

        public long Rows { get; init; }

        public long WholeRows { get; init; }
    }
}

/// <summary>A period at a glance.</summary>
/// <param name="Run">The run the figures come from.</param>
/// <param name="From">First day.</param>
/// <param name="To">Last day.</param>
/// <param name="Records">Records with results in the period.</param>
/// <param name="FailedRecords">Of these, records that could not be calculated.</param>
/// <param name="Scopes">Scope 1, Scope 2 both ways, Scope 3 and both totals, with 95 % intervals.</param>
/// <param name="Scope3Categories">Scope 3 categories with results.</param>
/// <param name="Months">Each month of the period by scope (location-based).</param>
/// <param name="TopSites">The ten sites with the most emissions (location-based).</param>
/// <param name="Tiers">Location-based emissions by data-quality tier 1–5.</param>
public sealed record DashboardView(
    CalculationRun Run, DateOnly From, DateOnly To, long Records, long FailedRecords, IReadOnlyList<ReportFigure> Scopes, IReadOnlyList<ReportFigure> Scope3Categories,
    IReadOnlyList<DashboardMonth> Months, IReadOnlyList<ReportFigure> TopSites, IReadOnlyList<ReportFigure> Tiers);

/// <summary>One month of the trend.</summary>
/// <param name="Month">Its first day.</param>
/// <param name="Scope1">Scope 1.</param>
/// <param name="Scope2">Scope 2 (location-based).</param>
/// <param name="Scope3">Scope 3.</param>
public sealed record DashboardMonth(DateOnly Month, ReportFigure Scope1, ReportFigure Scope2, ReportFigure Scope3);
