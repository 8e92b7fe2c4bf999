using System.Globalization;
using FactorTrace.Calculation;
using FactorTrace.Data.Ledger;
using FactorTrace.Reporting.Model;
using FactorTrace.Units;

namespace FactorTrace.Reporting.Queries;

/// <summary>The breakdowns of the report: gases, sites, months, Scope 2 market-based steps, fallbacks, datasets, exclusions.</summary>
public sealed partial class EsrsE1Query
{
    private static List<ReportFigure> Gases(FigureBuilder b, FigureSelector loc)
    {
        var result = new Dictionary<string, ReportFigure>(StringComparer.Ordinal)
        {
            ["co2"] = b.Emissions("gas.co2", "Carbon dioxide (CO2)", loc with { Column = FigureColumn.Co2 }),
            ["ch4"] = b.Emissions("gas.ch4", "Methane (CH4)", loc with { Column = FigureColumn.Ch4 }),
            ["n2o"] = b.Emissions("gas.n2o", "Nitrous oxide (N2O)", loc with { Column = FigureColumn.N2o }),
        };

        // The ledger keeps fluorinated and other gases in one column; each factor's published breakdown splits it.
        var byGroup = new Dictionary<string, (double Kg, HashSet<int> Factors)>(StringComparer.Ordinal);
        foreach (var factor in b.Cells(loc with { Column = FigureColumn.OtherGases }).Where(c => c.Other != 0).GroupBy(c => c.FactorNo))
        {
            var other = factor.Sum(c => c.Other);
            var parts = b.Factors.TryGetValue(factor.Key, out var info)
                ? info.Gases.Select(g => (Group: GasGroups.Classify(g.Gas), g.KgCo2e)).Where(g => g.Group is not ("co2" or "ch4" or "n2o")).ToList()
                : [];
            var sum = parts.Sum(p => p.KgCo2e);
            var split = sum == 0 ? [("other", other)] : parts.GroupBy(p => p.Group).Select(g => (g.Key, other * g.Sum(p => p.KgCo2e) / sum)).ToList();
            foreach (var (group, kg) in split)
            {
                var (total, numbers) = byGroup.GetValueOrDefault(group, (0, new HashSet<int>()));
                numbers.Add(factor.Key);
                byGroup[group] = (total + kg, numbers);
            }
        }

        foreach (var group in GasOrder.Skip(3))
        {
            var (kg, numbers) = byGroup.GetValueOrDefault(group, (0, []));
            var selector = loc with { Column = FigureColumn.OtherGases, FactorNumbers = numbers.Order().ToList() };
            result[group] = new ReportFigure($"gas.{group}", GasLabel(group), FigureKind.Emissions, kg, selector)
            {
                Rows = b.Cells(selector).Where(c => c.Other != 0).Sum(c => c.Rows),
                ProvenanceHashes = b.Hashes(numbers),
            };
        }

        var list = GasOrder.Select(g => result[g]).ToList();
        var unattributed = b.Emissions("gas.unattributed", "Not split by gas (factors published as CO2e only, such as spend-based factors)", loc with { Column = FigureColumn.Unattributed });
        list.Add(unattributed);
        return list;
    }

    private static List<ReportFigure> Workloads(FigureBuilder b, FigureSelector loc, FigureSelector mkt)
    {
        var owned = loc with { Basis = ResultBases.WorkloadDataCentre };
        var cloud = loc with { Basis = ResultBases.WorkloadCloud };
        var figures = new List<ReportFigure>();
        if (b.Cells(owned).Any())
        {
            figures.Add(b.Emissions("workloads.scope2.location", "Software workloads in own data centres: Scope 2 (location-based)", owned with { Scope = "2" }));
            figures.Add(b.Emissions("workloads.scope2.market", "Software workloads in own data centres: Scope 2 (market-based)", mkt with { Scope = "2", Basis = ResultBases.WorkloadDataCentre }));
            figures.Add(b.Emissions("workloads.scope3.cat3", "Software workloads in own data centres: upstream of their electricity (Scope 3 category 3)", owned with { Scope = "3" }));
        }

        if (b.Cells(cloud).Any())
        {
            figures.Add(b.Emissions("workloads.scope3.cloud", "Cloud computing: software workloads run by cloud providers (Scope 3 category 1)", cloud));
        }

        return figures;
    }

    private static List<SiteLine> Sites(FigureBuilder b, FigureSelector loc, FigureSelector mkt)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<SiteLine>();
        foreach (var site in b.Cube.Cells.Select(c => c.Site).Distinct().OrderBy(s => s is null).ThenBy(s => s, StringComparer.Ordinal))
        {
            var slug = site is null ? "none" : FigureBuilder.Slug(site);
            var id = slug;
            for (var i = 2; !ids.Add(id); i++)
            {
                id = $"{slug}-{i}";
            }

            var name = site ?? "No site stated";
            var (l, m) = site is null ? (loc with { NoSite = true }, mkt with { NoSite = true }) : (loc with { Site = site }, mkt with { Site = site });
            lines.Add(new SiteLine(site, b.Emissions($"site.{id}.location", $"{name} (location-based)", l), b.Emissions($"site.{id}.market", $"{name} (market-based)", m)));
        }

        return lines;
    }

    private static List<MonthLine> Months(FigureBuilder b, FigureSelector loc, FigureSelector mkt)
    {
        var lines = new List<MonthLine>();
        for (var month = new DateOnly(b.From.Year, b.From.Month, 1); month <= b.To; month = month.AddMonths(1))
        {
            var first = month < b.From ? b.From : month;
            var last = month.AddMonths(1).AddDays(-1) > b.To ? b.To : month.AddMonths(1).AddDays(-1);
            var id = FigureBuilder.MonthId(month);
            var name = month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
            lines.Add(new MonthLine(month,
                b.Emissions($"month.{id}.scope1", $"{name}, Scope 1", loc with { Scope = "1", From = first, To = last }),
                b.Emissions($"month.{id}.scope2.location", $"{name}, Scope 2 (location-based)", loc with { Scope = "2", From = first, To = last }),
                b.Emissions($"month.{id}.scope2.market", $"{name}, Scope 2 (market-based)", mkt with { Scope = "2", From = first, To = last }),
                b.Emissions($"month.{id}.scope3", $"{name}, Scope 3", loc with { Scope = "3", From = first, To = last })));
        }

        return lines;
    }

    private static List<MarketStep> MarketSteps(FigureBuilder b, FigureSelector mkt)
    {
        var kwhUnit = UnitRegistry.Default.Lookup("kWh").Unit!;
        string StepOf(int factorNo, bool primary) =>
            factorNo < 0 ? "contractual_instrument"
            : primary ? "supplier_factor"
            : b.Factors.TryGetValue(factorNo, out var f) && f.ActivityId.StartsWith("electricity.grid.residual-mix", StringComparison.Ordinal) ? "residual_mix"
            : "grid_average";
        var steps = new List<MarketStep>();
        foreach (var group in b.Cube.MarketQuantities.GroupBy(q => StepOf(q.FactorNo, q.Primary)).OrderBy(g => Array.IndexOf(MarketStepOrder, g.Key)))
        {
            var kwh = group.Sum(q => q.Unit is { } unit && UnitRegistry.Default.Lookup(unit).Unit is { } def ? UnitRegistry.Convert(q.Quantity, def, kwhUnit) ?? 0 : 0);
            var numbers = group.Select(q => q.FactorNo).Distinct().Order().ToList();
            var selector = mkt with { FactorNumbers = numbers, Primary = group.Key == "grid_average" || group.Key == "residual_mix" ? false : group.Key == "supplier_factor" ? true : null };
            var figure = b.Emissions($"scope2.market.{group.Key.Replace('_', '-')}", $"Market-based Scope 2 through {MarketStepLabel(group.Key)}", selector);
            steps.Add(new MarketStep(group.Key, kwh, figure));
        }

        return steps;
    }

    private static readonly string[] MarketStepOrder = ["contractual_instrument", "supplier_factor", "residual_mix", "grid_average"];

    private static ReportFigure FallbackShare(FigureBuilder b, FigureSelector loc, ReportFigure total, bool proxy)
    {
        var numbers = b.Factors.Values.Where(f => proxy ? f.IsProxy : f.IsFallback).Select(f => f.No).Order().ToList();
        var part = b.Emissions(proxy ? "method.proxy" : "method.fallback", "", loc with { FactorNumbers = numbers });
        var id = proxy ? "method.proxy-share" : "method.fallback-share";
        var label = proxy ? "Share of the location-based total from proxies (another region, a category average)"
            : "Share of the location-based total from fallbacks (another year, a text match, a GWP set that could not be recomputed)";
        return FigureBuilder.Share(id, label, part, total) ?? new ReportFigure(id, label, FigureKind.Percent, 0, part.Selector);
    }

    private static List<DatasetUse> Datasets(FigureBuilder b) =>
        b.Cube.Cells.Select(c => c.FactorNo).Distinct().Where(b.Factors.ContainsKey).Select(n => b.Factors[n])
            .SelectMany(f => f.Datasets.Select(d => new DatasetUse(d.Dataset, d.Version, d.ContentHash, f.Licence, f.Attribution)))
            .DistinctBy(d => (d.Dataset, d.Version, d.ContentHash))
            .OrderBy(d => d.Dataset, StringComparer.Ordinal).ThenBy(d => d.Version, StringComparer.Ordinal).ToList();

    private static List<string> Exclusions(CalculationRun run, FigureBuilder b, List<Scope3CategoryLine> categories, ReportFigure? unassigned)
    {
        var list = new List<string>();
        if (b.Cube.FailedRecords > 0)
        {
            list.Add(string.Create(CultureInfo.InvariantCulture,
                $"{b.Cube.FailedRecords:N0} of {b.Cube.Records:N0} activity records of the period could not be calculated and are in no figure (GET /api/v1/emissions/records?run={run.Id}&status=error lists them with the reason)."));
        }

        foreach (var line in categories.Where(c => !c.Included))
        {
            list.Add(line.ExclusionReason is { } reason
                ? $"Scope 3 category {line.Number} ({line.Name}) excluded: {reason}"
                : $"Scope 3 category {line.Number} ({line.Name}): no activity data in the ledger and no exclusion reason stated.");
        }

        foreach (var line in categories.Where(c => c.Included && c.ExclusionReason is not null))
        {
            list.Add($"Scope 3 category {line.Number} ({line.Name}) is declared excluded ({line.ExclusionReason}) but the ledger has results in it; they are reported.");
        }

        if (unassigned is not null)
        {
            list.Add("Some Scope 3 results have no GHG Protocol category; they are in Scope 3 but in no category line.");
        }

        return list;
    }
}
