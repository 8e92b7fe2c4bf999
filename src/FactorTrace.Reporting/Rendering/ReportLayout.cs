using System.Globalization;
using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Rendering.Charts;
using FactorTrace.Reporting.Xbrl;

namespace FactorTrace.Reporting.Rendering;

/// <summary>
/// The report's content in reading order — sections, tables, charts and text — built once from the model and drawn by
/// every page renderer (HTML, iXBRL, PDF), so they show the same things in the same words.
/// </summary>
public static class ReportLayout
{
    private const string Scope1Color = "#1b6ca8";
    private const string Scope2Color = "#f29e4c";
    private const string Scope2MarketColor = "#c8553d";
    private const string Scope3Color = "#4c956c";

    /// <summary>The report's title.</summary>
    public const string Title = "ESRS E1-6 Gross Scopes 1, 2, 3 and total GHG emissions";

    /// <summary>The blocks of <paramref name="report"/>.</summary>
    public static IReadOnlyList<Block> Build(EsrsE1Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var format = FigureFormat.For(report);
        var blocks = new List<Block>();
        Summary(report, format, blocks);
        Scope1(report, blocks);
        Scope2(report, blocks);
        Scope3(report, format, blocks);
        Intensity(report, blocks);
        Biogenic(report, blocks);
        Gases(report, blocks);
        Sites(report, format, blocks);
        Months(report, format, blocks);
        Quality(report, format, blocks);
        Methodology(report, format, blocks);
        Narratives(report, blocks);
        Traceability(report, blocks);
        return blocks;
    }

    /// <summary>The line under the title: who, which period, which run.</summary>
    public static IReadOnlyList<string> Masthead(EsrsE1Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return
        [
            $"{report.Entity.Name}{(report.Entity.Lei is { } lei ? $" (LEI {lei})" : "")}",
            $"Reporting period {D(report.Period.From)} to {D(report.Period.To)}",
            string.Create(CultureInfo.InvariantCulture, $"Calculation run {report.Run.Id}, GWP {report.Run.GwpSet}, {report.Run.Records:N0} activity records ({report.Run.FailedRecords:N0} not calculated)"),
        ];
    }

    private static void Summary(EsrsE1Report report, FigureFormat format, List<Block> blocks)
    {
        blocks.Add(new HeadingBlock(1, "summary", "1 Gross GHG emissions"));
        var previous = report.Comparatives.FirstOrDefault(c => c.Kind == "previous-period");
        var baseYear = report.Comparatives.FirstOrDefault(c => c.Kind == "base-year");
        var columns = new List<string> { "tCO2e", D(report.Period.From) + " to " + D(report.Period.To), "95 % interval" };
        if (previous is not null)
        {
            columns.Add($"Previous period {previous.Period.From.Year}{(previous.Restated ? " (restated)" : "")}");
            columns.Add("Change");
        }

        if (baseYear is not null)
        {
            columns.Add($"Base year {baseYear.Period.From.Year}{(baseYear.Restated ? " (restated)" : "")}");
            columns.Add("Change vs base year");
        }

        var rows = new List<TableRow>();
        foreach (var figure in new[] { report.Scope1, report.Scope2Location, report.Scope2Market, report.Scope3, report.TotalLocation, report.TotalMarket })
        {
            var cells = new List<Cell> { new TextCell(figure.Label), new FigureCell(figure, Tag: true), new TextCell(Interval(figure, format)) };
            foreach (var comparative in new[] { previous, baseYear }.OfType<Comparative>())
            {
                if (comparative.Figures.TryGetValue(figure.Id, out var before))
                {
                    cells.Add(new FigureCell(before, Tag: true, comparative.Period, BaseYear: comparative.Kind == "base-year"));
                    cells.Add(new TextCell(FigureFormat.Change(format.Show(figure), format.Show(before)) ?? "n/a"));
                }
                else
                {
                    cells.Add(new TextCell("n/a"));
                    cells.Add(new TextCell("n/a"));
                }
            }

            rows.Add(new TableRow(cells, Total: figure.Id.StartsWith("total.", StringComparison.Ordinal)));
        }

        blocks.Add(new TableBlock(columns, rows));
        if (previous is null && baseYear is null)
        {
            blocks.Add(new ParagraphBlock("No completed calculation run covers the previous period or a base year, so no comparatives are shown."));
        }
        else if (report.Comparatives.Any(c => c.Restated))
        {
            blocks.Add(new ParagraphBlock("Restated: the comparative figures come from a recalculation that superseded an earlier run of that period with different figures."));
        }

        blocks.Add(new ChartBlock(new BarChart("Scope split (tCO2e)", "tCO2e",
            ["Scope 1", "Scope 2 (location-based)", "Scope 2 (market-based)", "Scope 3"],
            [new ChartSeries("tCO2e", Scope1Color, [T(format, report.Scope1), T(format, report.Scope2Location), T(format, report.Scope2Market), T(format, report.Scope3)])],
            Stacked: false, format.TonneDecimals)));
    }

    private static void Scope1(EsrsE1Report report, List<Block> blocks)
    {
        blocks.Add(new HeadingBlock(1, "scope1", "2 Scope 1 by source type"));
        var rows = report.Scope1BySource.Select(f => Row(f, tag: true)).ToList();
        rows.Add(new TableRow([new TextCell("Gross Scope 1"), new FigureCell(report.Scope1)], Total: true));
        blocks.Add(new TableBlock(["Source type", "tCO2e"], rows));
        blocks.Add(report.EtsShare is { } ets
            ? new TableBlock(["Regulated emission trading schemes", "Share"], [Row(ets, tag: true)])
            : new ParagraphBlock("The share of Scope 1 from regulated emission trading schemes is not stated (a tenant setting)."));
    }

    private static void Scope2(EsrsE1Report report, List<Block> blocks)
    {
        blocks.Add(new HeadingBlock(1, "scope2", "3 Scope 2"));
        var rows = new List<TableRow> { Row(report.Scope2Location), Row(report.Scope2Market) };
        if (report.ContractualInstrumentShare is { } share)
        {
            rows.Add(Row(share, tag: true));
        }

        blocks.Add(new TableBlock(["Scope 2", "Value"], rows));
        if (report.Methodology.MarketSteps.Count > 0)
        {
            blocks.Add(new HeadingBlock(2, "scope2-market-steps", "Market-based method: steps used (GHG Protocol Scope 2 hierarchy)"));
            blocks.Add(new TableBlock(["Step", "kWh", "tCO2e"], report.Methodology.MarketSteps.Select(s =>
                new TableRow([new TextCell(s.Figure.Label), new TextCell(s.Kwh.ToString("N0", CultureInfo.InvariantCulture)), new FigureCell(s.Figure)])).ToList()));
        }
    }

    private static void Scope3(EsrsE1Report report, FigureFormat format, List<Block> blocks)
    {
        blocks.Add(new HeadingBlock(1, "scope3", "4 Scope 3 by GHG Protocol category"));
        var rows = report.Scope3Categories.Select(c => new TableRow(
        [
            new TextCell(c.Number.ToString(CultureInfo.InvariantCulture)),
            new TextCell(c.Name),
            c.Figure is { } f ? new FigureCell(f, Tag: true) : new TextCell("-"),
            new TextCell(c.Included ? (c.ExclusionReason is { } note ? $"included (declared excluded: {note})" : "included")
                : c.ExclusionReason is { } reason ? $"excluded: {reason}" : "no data; no exclusion reason stated"),
        ])).ToList();
        if (report.Scope3Unassigned is { } unassigned)
        {
            rows.Add(new TableRow([new TextCell(""), new TextCell("Category not stated"), new FigureCell(unassigned), new TextCell("included")]));
        }

        rows.Add(new TableRow([new TextCell(""), new TextCell("Gross Scope 3"), new FigureCell(report.Scope3), new TextCell("")], Total: true));
        blocks.Add(new TableBlock(["Cat.", "Category", "tCO2e", "Status"], rows));
        blocks.Add(new ParagraphBlock("Included: " + List(report.Scope3Categories.Where(c => c.Included).Select(c => c.Number))
            + ". Excluded: " + List(report.Scope3Categories.Where(c => !c.Included && c.ExclusionReason is not null).Select(c => c.Number))
            + ". Without data or reason: " + List(report.Scope3Categories.Where(c => c.Unaccounted).Select(c => c.Number)) + "."));
        var exclusions = report.Scope3Categories.Where(c => !c.Included && c.ExclusionReason is not null).ToList();
        if (exclusions.Count > 0)
        {
            blocks.Add(new NarrativeBlock("Why Scope 3 categories are excluded",
                string.Join("\n", exclusions.Select(c => $"Category {c.Number} ({c.Name}): {c.ExclusionReason}")), ConceptMap.Scope3ExclusionsConcept));
        }

        if (report.Workloads.Count > 0)
        {
            blocks.Add(new HeadingBlock(2, "workloads", "Of which software workloads"));
            blocks.Add(new ParagraphBlock("Energy of the tenant's software services priced hour by hour at the intensities of the grid zones they ran in (time-weighted; the yearly mean only for hours without data). These amounts are included in the scope and category figures above."));
            blocks.Add(new TableBlock(["Software workloads", "tCO2e"], report.Workloads.Select(f => Row(f)).ToList()));
        }

        if (report.Scope3PrimaryShare is { } primary)
        {
            blocks.Add(new TableBlock(["Primary data", "Share"], [Row(primary, tag: true)]));
        }

        var included = report.Scope3Categories.Where(c => c.Figure is not null).ToList();
        if (included.Count > 0)
        {
            blocks.Add(new ChartBlock(new BarChart("Scope 3 by category (tCO2e)", "tCO2e",
                included.Select(c => $"{c.Number} {c.Name}").ToList(),
                [new ChartSeries("tCO2e", Scope3Color, included.Select(c => T(format, c.Figure!)).ToList())], Stacked: false, format.TonneDecimals)));
        }
    }

    private static void Intensity(EsrsE1Report report, List<Block> blocks)
    {
        blocks.Add(new HeadingBlock(1, "intensity", "5 GHG intensity per net revenue"));
        if (report.NetRevenue is null)
        {
            blocks.Add(new ParagraphBlock("No net revenue was given for the period, so the GHG intensity is not reported. Give the net revenue and its currency with the report request or in the tenant's period settings."));
            return;
        }

        blocks.Add(new TableBlock(["GHG intensity", "Value"], [Row(report.NetRevenue, tag: true, unit: true), Row(report.IntensityLocation!, tag: true, unit: true), Row(report.IntensityMarket!, tag: true, unit: true)]));
    }

    private static void Biogenic(EsrsE1Report report, List<Block> blocks)
    {
        blocks.Add(new HeadingBlock(1, "biogenic", "6 Biogenic CO2 outside the scopes"));
        blocks.Add(new ParagraphBlock("CO2 from the combustion or biodegradation of biomass (biomass fuels, biofuel blends, landfill gas), as published by the factor sources (DESNZ \"outside of scopes\" rows). It is in no scope total."));
        blocks.Add(new TableBlock(["Biogenic CO2", "tCO2"], report.Biogenic.Select(f => Row(f, tag: true)).ToList()));
    }

    private static void Gases(EsrsE1Report report, List<Block> blocks)
    {
        blocks.Add(new HeadingBlock(1, "gases", "7 Location-based total by gas"));
        var nace = EsrsTaxonomy.NaceMember(report.Options.NaceActivity);
        blocks.Add(new ParagraphBlock("Each result row keeps CO2, CH4 and N2O apart and the other gases together; HFCs, PFCs, SF6 and NF3 are split by each factor's published gas breakdown. Factors published only as CO2e (spend-based factors, for example) cannot be split by gas."
            + (nace is null ? " Not tagged in iXBRL: the taxonomy's breakdown table needs the undertaking's NACE activity (tenant setting)." : "")));
        var rows = report.ByGas.Select(f => Row(f, tag: nace is not null)).ToList();
        rows.Add(new TableRow([new TextCell("Total (location-based)"), new FigureCell(report.TotalLocation)], Total: true));
        blocks.Add(new TableBlock(["Gas", "tCO2e"], rows));
    }

    private static void Sites(EsrsE1Report report, FigureFormat format, List<Block> blocks)
    {
        blocks.Add(new HeadingBlock(1, "sites", "8 By site"));
        blocks.Add(new TableBlock(["Site", "Location-based tCO2e", "Market-based tCO2e"], report.BySite.Select(s =>
            new TableRow([new TextCell(s.Site ?? "No site stated"), new FigureCell(s.Location), new FigureCell(s.Market)])).ToList()));
        if (report.BySite.Count > 0)
        {
            blocks.Add(new ChartBlock(new BarChart("Site comparison (tCO2e)", "tCO2e", report.BySite.Select(s => s.Site ?? "No site stated").ToList(),
                [
                    new ChartSeries("Location-based", Scope1Color, report.BySite.Select(s => T(format, s.Location)).ToList()),
                    new ChartSeries("Market-based", Scope2MarketColor, report.BySite.Select(s => T(format, s.Market)).ToList()),
                ], Stacked: false, format.TonneDecimals)));
        }
    }

    private static void Months(EsrsE1Report report, FigureFormat format, List<Block> blocks)
    {
        blocks.Add(new HeadingBlock(1, "months", "9 By month"));
        blocks.Add(new TableBlock(["Month", "Scope 1", "Scope 2 (location)", "Scope 2 (market)", "Scope 3"], report.ByMonth.Select(m =>
            new TableRow([new TextCell(m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture)), new FigureCell(m.Scope1), new FigureCell(m.Scope2Location), new FigureCell(m.Scope2Market), new FigureCell(m.Scope3)])).ToList()));
        blocks.Add(new ChartBlock(new BarChart("Monthly trend by scope (tCO2e, Scope 2 market-based)", "tCO2e",
            report.ByMonth.Select(m => m.Month.ToString("MMM yy", CultureInfo.InvariantCulture)).ToList(),
            [
                new ChartSeries("Scope 1", Scope1Color, report.ByMonth.Select(m => T(format, m.Scope1)).ToList()),
                new ChartSeries("Scope 2 (market)", Scope2Color, report.ByMonth.Select(m => T(format, m.Scope2Market)).ToList()),
                new ChartSeries("Scope 3", Scope3Color, report.ByMonth.Select(m => T(format, m.Scope3)).ToList()),
            ], Stacked: true, format.TonneDecimals)));
    }

    private static void Quality(EsrsE1Report report, FigureFormat format, List<Block> blocks)
    {
        blocks.Add(new HeadingBlock(1, "quality", "10 Data quality and uncertainty"));
        var total = report.TotalLocation.Value;
        blocks.Add(new TableBlock(["Data-quality tier (location-based)", "tCO2e", "Share"], report.QualityTiers.Select(f =>
            new TableRow([new TextCell(f.Label), new FigureCell(f), new TextCell(total == 0 ? "n/a" : format.Show(FigureBuilderShare(f, total)).WithUnit)])).ToList()));
        blocks.Add(new TableBlock(["Total", "tCO2e", "95 % interval (tCO2e)"],
            new[] { report.Scope1, report.Scope2Location, report.Scope2Market, report.Scope3, report.TotalLocation, report.TotalMarket }
                .Select(f => new TableRow([new TextCell(f.Label), new FigureCell(f), new TextCell(Interval(f, format))])).ToList()));
        blocks.Add(new ParagraphBlock(report.Methodology.UncertaintyMethod));
        blocks.Add(new TableBlock(["Fallbacks and proxies", "Share"], [Row(report.Methodology.FallbackShare), Row(report.Methodology.ProxyShare)]));
    }

    private static ReportFigure FigureBuilderShare(ReportFigure part, double total) => new(part.Id + ".share", part.Label, FigureKind.Percent, part.Value / total, null);

    private static void Methodology(EsrsE1Report report, FigureFormat format, List<Block> blocks)
    {
        blocks.Add(new HeadingBlock(1, "methodology", "11 Methodology"));
        var text = new List<string>();
        if (report.Options.Narratives.TryGetValue(NarrativeKeys.Methodology, out var own) && !string.IsNullOrWhiteSpace(own))
        {
            text.Add(own.Trim());
        }

        text.Add($"Emissions are calculated by FactorTrace as activity data times emission factors, in kg CO2e with the IPCC {report.Methodology.GwpSet} 100-year global warming potentials, and reported in tonnes rounded to {format.TonneDecimals} decimal place{(format.TonneDecimals == 1 ? "" : "s")}.");
        text.Add("Scope 2 is reported location-based (grid average factors) and market-based (GHG Protocol Scope 2 hierarchy: contractual instruments, then supplier-specific rates, then the residual mix, then the grid average).");
        text.Add("Emission factors come from these datasets: " + string.Join("; ", report.Methodology.Datasets.Select(d => $"{d.Dataset} {d.Version} ({d.Licence})")) + ".");
        text.Add($"Fallbacks (another year, a text match, a GWP set that could not be recomputed) account for {format.Show(report.Methodology.FallbackShare).WithUnit} and proxies (another region, a category average) for {format.Show(report.Methodology.ProxyShare).WithUnit} of the location-based total.");
        blocks.Add(new NarrativeBlock("Methodologies, significant assumptions and emission factors", string.Join("\n", text), ConceptMap.Narratives[NarrativeKeys.Methodology]));
        blocks.Add(new HeadingBlock(2, "datasets", "Datasets, versions, licences and attribution"));
        blocks.Add(new TableBlock(["Dataset", "Version", "Licence", "Attribution"], report.Methodology.Datasets.Select(d =>
            new TableRow([new TextCell(d.Dataset), new TextCell(d.Version), new TextCell(d.Licence), new TextCell(d.Attribution)])).ToList()));
        blocks.Add(new HeadingBlock(2, "exclusions", "Exclusions and gaps"));
        blocks.Add(report.Methodology.Exclusions.Count == 0 ? new ParagraphBlock("None.") : new ListBlock(report.Methodology.Exclusions));
    }

    private static void Narratives(EsrsE1Report report, List<Block> blocks)
    {
        var texts = NarrativeKeys.All.Where(k => k != NarrativeKeys.Methodology && report.Options.Narratives.TryGetValue(k, out var t) && !string.IsNullOrWhiteSpace(t)).ToList();
        if (texts.Count == 0)
        {
            return;
        }

        blocks.Add(new HeadingBlock(1, "narrative", "12 Narrative disclosures"));
        foreach (var key in texts)
        {
            blocks.Add(new NarrativeBlock(NarrativeTitle(key), report.Options.Narratives[key].Trim(), ConceptMap.Narratives[key]));
        }
    }

    private static void Traceability(EsrsE1Report report, List<Block> blocks)
    {
        blocks.Add(new HeadingBlock(1, "traceability", "13 Traceability"));
        blocks.Add(new ParagraphBlock($"Every figure comes from calculation run {report.Run.Id} ({D(report.Run.From)} to {D(report.Run.To)}, dataset generation {report.Run.Generation}). Each figure's id selects its result rows (GET /api/v1/reports/{{id}}/figures/{{figure}}/rows); the CSV and JSON exports list every figure with the provenance hashes of the factor answers behind it."));
        blocks.Add(new ParagraphBlock("Dataset versions loaded: " + report.Run.DatasetVersions.Replace(";", "; ", StringComparison.Ordinal)));
        blocks.Add(new HeadingBlock(2, "hashes", "Provenance hashes (SHA-256) of the factor answers used"));
        blocks.Add(new ListBlock(report.Methodology.ProvenanceHashes));
    }

    private static TableRow Row(ReportFigure figure, bool tag = false, bool unit = false) =>
        new([new TextCell(figure.Label), new FigureCell(figure, tag, WithUnit: unit || figure.Kind == FigureKind.Percent)]);

    private static string Interval(ReportFigure figure, FigureFormat format) =>
        figure.Uncertainty is { } u ? $"{format.Tonnes(u.LowKg).Display} to {format.Tonnes(u.HighKg).Display}" : "";

    private static double T(FigureFormat format, ReportFigure figure) => (double)format.Show(figure).Rounded;

    private static string D(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string List(IEnumerable<int> numbers)
    {
        var list = numbers.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    private static string NarrativeTitle(string key) => key switch
    {
        NarrativeKeys.GhgEmissions => "GHG emissions",
        NarrativeKeys.Scope3Boundaries => "Scope 3 reporting boundaries and calculation methods",
        NarrativeKeys.Scope3PrimaryData => "Scope 3 inputs from specific activities in the value chain",
        NarrativeKeys.ContractualInstruments => "Types of contractual instruments (Scope 2)",
        NarrativeKeys.RevenueReconciliation => "Reconciliation of net revenue to the financial statements",
        NarrativeKeys.SignificantChanges => "Significant changes and year-to-year comparability",
        _ => key,
    };
}
