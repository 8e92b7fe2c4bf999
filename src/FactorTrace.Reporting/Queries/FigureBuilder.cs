using System.Globalization;
using FactorTrace.Calculation;
using FactorTrace.Reporting.Model;

namespace FactorTrace.Reporting.Queries;

/// <summary>Figures from a <see cref="LedgerCube"/>: sums over its cells, each with its selector, row count and provenance hashes.</summary>
internal sealed class FigureBuilder(LedgerCube cube, IReadOnlyDictionary<int, FactorInfo> factors, DateOnly from, DateOnly to)
{
    public LedgerCube Cube => cube;

    public IReadOnlyDictionary<int, FactorInfo> Factors => factors;

    public DateOnly From => from;

    public DateOnly To => to;

    public FigureSelector Selector(Scope2View view = Scope2View.LocationBased) => new() { From = from, To = to, View = view };

    /// <summary>The cells a selector's conditions select (all but the date range, which the cube already has).</summary>
    public IEnumerable<CubeCell> Cells(FigureSelector s) => cube.Cells.Where(c =>
        (s.View == Scope2View.LocationBased ? c.Location : c.Market)
        && (s.Scope is null || c.Scope == s.Scope)
        && (s.NoCategory ? c.Category is null : s.Category is null || c.Category == s.Category)
        && (s.NoScope1Source ? c.Scope1Source is null : s.Scope1Source is null || c.Scope1Source == s.Scope1Source)
        && (s.NoSite ? c.Site is null : s.Site is null || c.Site == s.Site)
        && (s.Tier is null || c.Tier == s.Tier)
        && (s.Primary is null || c.Primary == s.Primary)
        && (s.FactorNumbers is null || s.FactorNumbers.Contains(c.FactorNo))
        && (s.Basis is null || c.Basis == s.Basis)
        && InRange(c, s));

    private static bool InRange(CubeCell c, FigureSelector s)
    {
        var first = new DateOnly(c.Year, c.Month, 1);
        return first.AddMonths(1).AddDays(-1) >= s.From && first <= s.To;
    }

    public static double Amount(CubeCell c, FigureColumn column) => column switch
    {
        FigureColumn.Co2 => c.Co2,
        FigureColumn.Ch4 => c.Ch4,
        FigureColumn.N2o => c.N2o,
        FigureColumn.OtherGases => c.Other,
        FigureColumn.Unattributed => c.Kg - c.Co2 - c.Ch4 - c.N2o - c.Other,
        FigureColumn.BiogenicCo2 => c.Biogenic,
        _ => c.Kg,
    };

    /// <summary>An emissions figure summing the selected cells.</summary>
    public ReportFigure Emissions(string id, string label, FigureSelector selector)
    {
        var cells = Cells(selector).ToList();
        var value = cells.Sum(c => Amount(c, selector.Column));
        var contributing = cells.Where(c => Amount(c, selector.Column) != 0 || selector.Column == FigureColumn.KgCo2e).ToList();
        return new ReportFigure(id, label, FigureKind.Emissions, value, selector)
        {
            Rows = contributing.Sum(c => c.Rows),
            ProvenanceHashes = Hashes(contributing.Select(c => c.FactorNo)),
        };
    }

    /// <summary>
    /// The same figure with its 95 % interval: seeded Monte Carlo over the distinct factors, as the ledger's summary, or the
    /// analytical propagation (lognormal moments) with <paramref name="iterations"/> 0.
    /// </summary>
    public ReportFigure WithUncertainty(ReportFigure figure, int iterations, int seed)
    {
        // Factors in a fixed order, so the seeded simulation does not depend on the order the database returned the groups in.
        var terms = Cells(figure.Selector!).OrderBy(c => c.FactorKey, StringComparer.Ordinal).ThenBy(c => c.Kg)
            .Select(c => new EmissionTerm(c.FactorKey, c.Kg, c.Sigma)).ToList();
        if (terms.Count == 0)
        {
            return figure with { Uncertainty = new Interval95(0, 0, "monte_carlo") };
        }

        var u = iterations == 0 ? UncertaintyPropagation.Analytical(terms) : UncertaintyPropagation.MonteCarlo(terms, iterations, seed);
        return figure with { Uncertainty = new Interval95(u.Low95, u.High95, u.Method) };
    }

    public IReadOnlyList<string> Hashes(IEnumerable<int> numbers) =>
        numbers.Distinct().Where(factors.ContainsKey).Select(n => factors[n].Sha256).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>A share of two sums, as a <see cref="FigureKind.Percent"/> figure (null when the whole is zero).</summary>
    public static ReportFigure? Share(string id, string label, ReportFigure part, ReportFigure whole) =>
        whole.Value == 0 ? null : new ReportFigure(id, label, FigureKind.Percent, part.Value / whole.Value, part.Selector)
        {
            Rows = part.Rows,
            ProvenanceHashes = part.ProvenanceHashes,
        };

    /// <summary>The six headline totals and the Scope 3 categories, for comparatives.</summary>
    public Dictionary<string, ReportFigure> Headline()
    {
        var result = new Dictionary<string, ReportFigure>(StringComparer.Ordinal);
        foreach (var f in new[]
        {
            Emissions("scope1", "Gross Scope 1", Selector() with { Scope = "1" }),
            Emissions("scope2.location", "Gross Scope 2, location-based", Selector() with { Scope = "2" }),
            Emissions("scope2.market", "Gross Scope 2, market-based", Selector(Scope2View.MarketBased) with { Scope = "2" }),
            Emissions("scope3", "Gross Scope 3", Selector() with { Scope = "3" }),
            Emissions("total.location", "Total GHG emissions, location-based", Selector()),
            Emissions("total.market", "Total GHG emissions, market-based", Selector(Scope2View.MarketBased)),
        })
        {
            result[f.Id] = f;
        }

        for (var n = 1; n <= 15; n++)
        {
            var selector = Selector() with { Scope = "3", Category = Scope3Categories.Stored(n) };
            if (Cells(selector).Any())
            {
                result[$"scope3.cat{n}"] = Emissions($"scope3.cat{n}", $"Scope 3 category {n}: {Scope3Categories.Names[n]}", selector);
            }
        }

        return result;
    }

    public static string Slug(string text)
    {
        var chars = text.Trim().ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "site" : slug;
    }

    public static string MonthId(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
