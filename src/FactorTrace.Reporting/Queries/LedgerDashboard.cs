using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Reporting.Model;

namespace FactorTrace.Reporting.Queries;

/// <summary>
/// The figures of a period at a glance, from one grouped read of a run's results (the report's <see cref="LedgerCube"/>):
/// totals by scope under both Scope 2 methods with their 95 % intervals, Scope 3 by category, the trend by month, the
/// top sites and the data-quality tiers. Each figure keeps its selector, so the rows behind it can be listed.
/// </summary>
public static class LedgerDashboard
{
    /// <summary>Monte Carlo iterations of the totals' intervals (seeded, so a page shows the same interval each time).</summary>
    public const int Iterations = 2_000;

    /// <summary>Loads the dashboard of <paramref name="run"/> over [<paramref name="from"/>, <paramref name="to"/>] (the context is the tenant's).</summary>
    public static async Task<DashboardView> LoadAsync(FactorTraceDb db, CalculationRun run, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(run);
        var cube = await LedgerCube.LoadAsync(db, run.Id, from, to, cancellationToken).ConfigureAwait(false);
        var b = new FigureBuilder(cube, new Dictionary<int, FactorInfo>(), from, to);
        var loc = b.Selector();
        var mkt = b.Selector(Scope2View.MarketBased);
        ReportFigure Total(string id, string label, FigureSelector selector) => b.WithUncertainty(b.Emissions(id, label, selector), Iterations, 42);

        var scopes = new List<ReportFigure>
        {
            Total("scope1", "Scope 1", loc with { Scope = "1" }),
            Total("scope2.location", "Scope 2 (location-based)", loc with { Scope = "2" }),
            Total("scope2.market", "Scope 2 (market-based)", mkt with { Scope = "2" }),
            Total("scope3", "Scope 3", loc with { Scope = "3" }),
            Total("total.location", "Total (location-based)", loc),
            Total("total.market", "Total (market-based)", mkt),
        };
        var categories = Enumerable.Range(1, 15)
            .Select(n => (n, Selector: loc with { Scope = "3", Category = Scope3Categories.Stored(n) }))
            .Where(c => b.Cells(c.Selector).Any())
            .Select(c => b.Emissions($"scope3.cat{c.n}", $"{c.n} {Scope3Categories.Names[c.n]}", c.Selector))
            .ToList();
        var unassigned = loc with { Scope = "3", NoCategory = true };
        if (b.Cells(unassigned).Any())
        {
            categories.Add(b.Emissions("scope3.unassigned", "Category not stated", unassigned));
        }

        var months = new List<DashboardMonth>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var first = month < from ? from : month;
            var last = month.AddMonths(1).AddDays(-1) > to ? to : month.AddMonths(1).AddDays(-1);
            var range = loc with { From = first, To = last };
            months.Add(new DashboardMonth(month,
                b.Emissions($"month.{FigureBuilder.MonthId(month)}.scope1", "Scope 1", range with { Scope = "1" }),
                b.Emissions($"month.{FigureBuilder.MonthId(month)}.scope2", "Scope 2 (location-based)", range with { Scope = "2" }),
                b.Emissions($"month.{FigureBuilder.MonthId(month)}.scope3", "Scope 3", range with { Scope = "3" })));
        }

        var sites = cube.Cells.Where(c => c.Location && c.Site is not null).GroupBy(c => c.Site!, StringComparer.Ordinal)
            .Select(g => (Site: g.Key, Kg: g.Sum(c => c.Kg))).OrderByDescending(s => s.Kg).ThenBy(s => s.Site, StringComparer.Ordinal).Take(10)
            .Select(s => b.Emissions($"site.{FigureBuilder.Slug(s.Site)}", s.Site, loc with { Site = s.Site })).ToList();
        var tiers = Enumerable.Range(1, 5).Select(t => b.Emissions($"tier.{t}", $"Tier {t}", loc with { Tier = t })).ToList();
        return new DashboardView(run, from, to, cube.Records, cube.FailedRecords, scopes, categories, months, sites, tiers);
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
