using System.Globalization;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Reporting.Model;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Reporting.Queries;

/// <summary>
/// Builds the <see cref="EsrsE1Report"/> of the tenant of a <see cref="FactorTraceDb"/> (tenant-filtered) from a completed
/// calculation run. The database groups the run's result rows (<see cref="LedgerCube"/>); no result row is loaded, so
/// memory does not grow with the number of rows.
/// </summary>
public sealed partial class EsrsE1Query(FactorTraceDb db)
{
    private static readonly string[] Scope1Sources = ["stationary-combustion", "mobile-combustion", "process", "fugitive"];
    private static readonly string[] GasOrder = ["co2", "ch4", "n2o", "hfcs", "pfcs", "sf6", "nf3", "other"];

    /// <summary>Resolves the run (the one named, else the latest completed run covering the period) and builds the report.</summary>
    /// <exception cref="ReportInputException">The period is of the wrong shape, or no completed run covers it.</exception>
    public async Task<EsrsE1Report> BuildAsync(ReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = await ResolveRunAsync(request.From, request.To, request.RunId, cancellationToken).ConfigureAwait(false);
        return await BuildAsync(run, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run a report of [<paramref name="from"/>, <paramref name="to"/>] uses: the one named, else the latest completed run covering the period.</summary>
    /// <exception cref="ReportInputException">The period is of the wrong shape, the run named is missing, not completed or too short, or no completed run covers the period.</exception>
    public async Task<CalculationRun> ResolveRunAsync(DateOnly from, DateOnly to, Guid? runId, CancellationToken cancellationToken)
    {
        CheckPeriod(from, to);
        if (runId is not { } id)
        {
            return await new EmissionQueries(db).LatestCoveringAsync(from, to, cancellationToken).ConfigureAwait(false)
                ?? throw new ReportInputException("no_completed_run",
                    $"No completed calculation covers {from:yyyy-MM-dd}..{to:yyyy-MM-dd}: run one for the period first (POST /api/v1/calculations or `factortrace calculate --from {from:yyyy-MM-dd} --to {to:yyyy-MM-dd}`).");
        }

        var run = await db.CalculationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false)
            ?? throw new ReportInputException("run_not_found", $"No calculation run {id} for this tenant.");
        if (run.Status != "completed")
        {
            throw new ReportInputException("run_not_completed", $"Calculation run {id} is {run.Status}; report on a completed run.");
        }

        if (run.From > from || run.To < to)
        {
            throw new ReportInputException("run_does_not_cover_period",
                $"Calculation run {id} covers {run.From:yyyy-MM-dd}..{run.To:yyyy-MM-dd}, not the whole report period {from:yyyy-MM-dd}..{to:yyyy-MM-dd}.");
        }

        return run;
    }

    /// <summary>Builds the report from <paramref name="run"/> (completed, covering the request's period).</summary>
    public async Task<EsrsE1Report> BuildAsync(CalculationRun run, ReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(request);
        CheckPeriod(request.From, request.To);
        var options = request.Options;
        CheckOptions(options);
        var (from, to) = (request.From, request.To);
        var b = await LoadAsync(run.Id, from, to, cancellationToken).ConfigureAwait(false);
        var n = options.UncertaintyIterations;
        var seed = options.UncertaintySeed;
        var loc = b.Selector();
        var mkt = b.Selector(Scope2View.MarketBased);

        var scope1 = b.WithUncertainty(b.Emissions("scope1", "Gross Scope 1 GHG emissions", loc with { Scope = "1" }), n, seed);
        var bySource = Scope1Sources.Select(s => b.Emissions($"scope1.{s}", $"Scope 1: {SourceLabel(s)}", loc with { Scope = "1", Scope1Source = s })).ToList();
        var unspecified = loc with { Scope = "1", NoScope1Source = true };
        if (b.Cells(unspecified).Any())
        {
            bySource.Add(b.Emissions("scope1.unspecified", "Scope 1: source type not stated", unspecified));
        }

        var scope2Location = b.WithUncertainty(b.Emissions("scope2.location", "Gross location-based Scope 2 GHG emissions", loc with { Scope = "2" }), n, seed);
        var scope2Market = b.WithUncertainty(b.Emissions("scope2.market", "Gross market-based Scope 2 GHG emissions", mkt with { Scope = "2" }), n, seed);
        var scope3 = b.WithUncertainty(b.Emissions("scope3", "Gross Scope 3 GHG emissions", loc with { Scope = "3" }), n, seed);
        var totalLocation = b.WithUncertainty(b.Emissions("total.location", "Total GHG emissions (location-based)", loc), n, seed);
        var totalMarket = b.WithUncertainty(b.Emissions("total.market", "Total GHG emissions (market-based)", mkt), n, seed);

        var categories = new List<Scope3CategoryLine>();
        for (var c = 1; c <= 15; c++)
        {
            var selector = loc with { Scope = "3", Category = Scope3Categories.Stored(c) };
            var figure = b.Cells(selector).Any() ? b.Emissions($"scope3.cat{c}", $"Scope 3 category {c}: {Scope3Categories.Names[c]}", selector) : null;
            categories.Add(new Scope3CategoryLine(c, Scope3Categories.Names[c], figure, options.Scope3Exclusions.GetValueOrDefault(c)));
        }

        var unassignedSelector = loc with { Scope = "3", NoCategory = true };
        var unassigned = b.Cells(unassignedSelector).Any() ? b.Emissions("scope3.unassigned", "Scope 3: category not stated", unassignedSelector) : null;
        var primary3 = b.Emissions("scope3.primary", "Scope 3 from primary data", loc with { Scope = "3", Primary = true });
        var primaryShare = FigureBuilder.Share("scope3.primary-share", "Share of Scope 3 calculated from primary data (suppliers, value-chain partners)", primary3, scope3);

        ReportFigure? revenue = null, intensityLocation = null, intensityMarket = null;
        if (options.NetRevenue is { } r)
        {
            var currency = r.Currency.Trim().ToUpperInvariant();
            revenue = new ReportFigure("revenue.net", "Net revenue used to calculate GHG intensity", FigureKind.Money, (double)r.Amount, null) { Currency = currency };
            intensityLocation = new ReportFigure("intensity.location", "GHG intensity per net revenue (location-based)", FigureKind.Intensity, totalLocation.Value / (double)r.Amount, totalLocation.Selector)
            { Currency = currency, Rows = totalLocation.Rows, ProvenanceHashes = totalLocation.ProvenanceHashes };
            intensityMarket = new ReportFigure("intensity.market", "GHG intensity per net revenue (market-based)", FigureKind.Intensity, totalMarket.Value / (double)r.Amount, totalMarket.Selector)
            { Currency = currency, Rows = totalMarket.Rows, ProvenanceHashes = totalMarket.ProvenanceHashes };
        }

        var biogenic = new List<ReportFigure>
        {
            b.Emissions("biogenic.scope1", "Biogenic CO2 from combustion or biodegradation of biomass, not in Scope 1", loc with { Scope = "1", Column = FigureColumn.BiogenicCo2 }),
            b.Emissions("biogenic.scope2", "Biogenic CO2 from combustion or biodegradation of biomass, not in Scope 2", loc with { Scope = "2", Column = FigureColumn.BiogenicCo2 }),
            b.Emissions("biogenic.scope3", "Biogenic CO2 in the upstream and downstream value chain, not in Scope 3", loc with { Scope = "3", Column = FigureColumn.BiogenicCo2 }),
        };

        var marketSteps = MarketSteps(b, mkt with { Scope = "2" });
        var kwh = marketSteps.Sum(s => s.Kwh);
        var contractual = kwh > 0
            ? new ReportFigure("scope2.contractual-instruments-share", "Share of Scope 2 electricity (kWh) covered by contractual instruments or supplier-specific rates", FigureKind.Percent,
                marketSteps.Where(s => s.Step is "contractual_instrument" or "supplier_factor").Sum(s => s.Kwh) / kwh, mkt with { Scope = "2" })
            : null;

        var report = new EsrsE1Report
        {
            Entity = new ReportEntity(request.TenantName, string.IsNullOrWhiteSpace(options.Lei) ? null : options.Lei.Trim().ToUpperInvariant()),
            Period = new ReportPeriod(from, to),
            Run = new ReportRun(run.Id, run.From, run.To, run.GwpSet, run.DatasetVersions, run.Generation, run.FinishedAt, b.Cube.Records, b.Cube.FailedRecords),
            Options = options,
            Scope1 = scope1,
            Scope1BySource = bySource,
            EtsShare = options.EtsSharePercent is { } ets
                ? new ReportFigure("scope1.ets-share", "Share of Scope 1 from regulated emission trading schemes (tenant statement)", FigureKind.Percent, ets / 100, null)
                : null,
            Scope2Location = scope2Location,
            Scope2Market = scope2Market,
            ContractualInstrumentShare = contractual,
            Scope3 = scope3,
            Scope3Categories = categories,
            Scope3Unassigned = unassigned,
            Scope3PrimaryShare = primaryShare,
            TotalLocation = totalLocation,
            TotalMarket = totalMarket,
            NetRevenue = revenue,
            IntensityLocation = intensityLocation,
            IntensityMarket = intensityMarket,
            Workloads = Workloads(b, loc, mkt),
            Biogenic = biogenic,
            ByGas = Gases(b, loc),
            BySite = Sites(b, loc, mkt),
            ByMonth = Months(b, loc, mkt),
            QualityTiers = Enumerable.Range(1, 5).Select(t => b.Emissions($"tier.{t}", $"Data-quality tier {t}: {TierLabel(t)}", loc with { Tier = t })).ToList(),
            Comparatives = await ComparativesAsync(run, options, from, to, cancellationToken).ConfigureAwait(false),
            Methodology = new Methodology
            {
                GwpSet = run.GwpSet,
                Datasets = Datasets(b),
                FallbackShare = FallbackShare(b, loc, totalLocation, proxy: false),
                ProxyShare = FallbackShare(b, loc, totalLocation, proxy: true),
                MarketSteps = marketSteps,
                Exclusions = Exclusions(run, b, categories, unassigned),
                UncertaintyMethod = string.Create(CultureInfo.InvariantCulture,
                    $"95 % intervals by Monte Carlo simulation ({n:N0} iterations, seed {seed}) over each distinct factor's lognormal uncertainty (median = the factor, σ of ln from its pedigree); uses of the same factor are fully correlated, different factors independent."),
                ProvenanceHashes = b.Hashes(b.Cube.Cells.Select(c => c.FactorNo)),
            },
        };
        return report;
    }

    private async Task<FigureBuilder> LoadAsync(Guid runId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var cube = await LedgerCube.LoadAsync(db, runId, from, to, cancellationToken).ConfigureAwait(false);
        var numbers = cube.Cells.Select(c => c.FactorNo).Concat(cube.MarketQuantities.Select(m => m.FactorNo)).Where(x => x >= 0).ToHashSet();
        var factors = await FactorCatalog.LoadAsync(db, runId, numbers, cancellationToken).ConfigureAwait(false);
        return new FigureBuilder(cube, factors, from, to);
    }

    /// <summary>A reporting period ends after it starts and lasts at most five years.</summary>
    /// <exception cref="ReportInputException"><c>invalid_period</c>.</exception>
    public static void CheckPeriod(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ReportInputException("invalid_period", $"The period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).");
        }

        if (to > from.AddYears(5))
        {
            throw new ReportInputException("invalid_period", "A reporting period is at most five years; ESRS E1-6 reports one financial year.");
        }
    }

    /// <summary>The rules of a report's inputs: net revenue, ETS share, Scope 3 exclusions, rounding, LEI.</summary>
    /// <exception cref="ReportInputException">The first input that breaks them, with its code.</exception>
    public static void CheckOptions(ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.NetRevenue is { } r && (r.Amount <= 0 || r.Currency is null || r.Currency.Trim().Length != 3 || !r.Currency.Trim().All(char.IsAsciiLetter)))
        {
            throw new ReportInputException("invalid_net_revenue", "Net revenue needs a positive amount and a three-letter ISO 4217 currency (EUR).");
        }

        if (options.EtsSharePercent is { } ets && (double.IsNaN(ets) || ets < 0 || ets > 100))
        {
            throw new ReportInputException("invalid_ets_share", "The share of Scope 1 from regulated emission trading schemes is a percentage from 0 to 100.");
        }

        if (options.Scope3Exclusions.Keys.FirstOrDefault(k => k is < 1 or > 15) is var bad and not 0)
        {
            throw new ReportInputException("invalid_scope3_exclusion", $"Scope 3 category {bad} does not exist: the GHG Protocol categories are 1 to 15.");
        }

        if (options.TonneDecimals is < 0 or > 6)
        {
            throw new ReportInputException("invalid_rounding", "Decimals for tCO2e are 0 to 6.");
        }

        if (options.Lei is { } lei && !string.IsNullOrWhiteSpace(lei) && LegalEntityIdentifier.Problem(lei) is not null)
        {
            throw new ReportInputException("invalid_lei", $"'{lei}' is not a valid LEI: 20 letters and digits whose ISO 7064 MOD 97-10 check digits hold.");
        }
    }

    private async Task<List<Comparative>> ComparativesAsync(CalculationRun current, ReportOptions options, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var list = new List<Comparative>();
        var previous = options.PreviousPeriod ?? new ReportPeriod(from.AddYears(-1), to.AddYears(-1));
        foreach (var (kind, period) in new[] { ("previous-period", previous), ("base-year", options.BaseYear) })
        {
            if (period is null || period.To < period.From)
            {
                continue;
            }

            var run = await new EmissionQueries(db).LatestCoveringAsync(period.From, period.To, cancellationToken).ConfigureAwait(false);
            if (run is null || run.Id == current.Id && period.From == from && period.To == to)
            {
                continue;
            }

            var figures = (await LoadAsync(run.Id, period.From, period.To, cancellationToken).ConfigureAwait(false)).Headline();
            var restated = false;
            if (run.SupersedesRunId is { } earlier)
            {
                var before = (await LoadAsync(earlier, period.From, period.To, cancellationToken).ConfigureAwait(false)).Headline();
                var tolerance = 0.5 * Math.Pow(10, -options.TonneDecimals) * 1000;
                restated = figures.Keys.Union(before.Keys).Any(k => Math.Abs((figures.GetValueOrDefault(k)?.Value ?? 0) - (before.GetValueOrDefault(k)?.Value ?? 0)) > tolerance);
            }

            list.Add(new Comparative(kind, period, run.Id, restated, figures));
        }

        return list;
    }

    private static string SourceLabel(string source) => source switch
    {
        "stationary-combustion" => "stationary combustion",
        "mobile-combustion" => "mobile combustion",
        "process" => "process emissions",
        "fugitive" => "fugitive emissions",
        _ => source,
    };

    private static string GasLabel(string group) => group switch
    {
        "hfcs" => "Hydrofluorocarbons (HFCs)",
        "pfcs" => "Perfluorocarbons (PFCs)",
        "sf6" => "Sulphur hexafluoride (SF6)",
        "nf3" => "Nitrogen trifluoride (NF3)",
        _ => "Other greenhouse gases (no published breakdown)",
    };

    private static string MarketStepLabel(string step) => step switch
    {
        "contractual_instrument" => "contractual instruments (certificates, PPAs, green tariffs)",
        "supplier_factor" => "supplier-specific emission rates",
        "residual_mix" => "the residual mix",
        _ => "the grid average (no instrument, supplier rate or residual mix)",
    };

    private static string TierLabel(int tier) => tier switch
    {
        1 => "primary data (own factors, instruments, supplier rates)",
        2 => "secondary factors of quality score 80 or more",
        3 => "secondary factors of quality score 60 to 79",
        4 => "secondary factors of quality score below 60",
        _ => "spend-based factors and category proxies",
    };
}
