using FactorTrace.Calculation;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data.Ledger;

/// <summary>One group of a summary under both Scope 2 methods.</summary>
/// <param name="Key">The group (scope, category, site, <c>yyyy-MM</c> or gas).</param>
/// <param name="LocationKgCo2e">kg CO2e, location-based Scope 2.</param>
/// <param name="MarketKgCo2e">kg CO2e, market-based Scope 2.</param>
public sealed record SummaryGroup(string Key, double LocationKgCo2e, double MarketKgCo2e);

/// <summary>Totals of one method with their uncertainty.</summary>
/// <param name="KgCo2e">Total.</param>
/// <param name="PrimaryKgCo2e">The part calculated from primary data (the tenant's factors, instruments).</param>
/// <param name="Analytical">Analytical propagation.</param>
/// <param name="MonteCarlo">Monte Carlo simulation.</param>
public sealed record MethodTotal(double KgCo2e, double PrimaryKgCo2e, TotalUncertainty Analytical, TotalUncertainty MonteCarlo);

/// <summary>A period's emissions from one run.</summary>
/// <param name="Run">The run.</param>
/// <param name="From">First day.</param>
/// <param name="To">Last day.</param>
/// <param name="GroupBy">Grouping.</param>
/// <param name="Location">Location-based totals.</param>
/// <param name="Market">Market-based totals.</param>
/// <param name="Groups">Per group.</param>
/// <param name="Records">Records in the period.</param>
/// <param name="Failed">Records that could not be calculated.</param>
/// <param name="Scope2">Scope 2 alone under both methods.</param>
public sealed record EmissionSummary(CalculationRun Run, DateOnly From, DateOnly To, string GroupBy, MethodTotal Location, MethodTotal Market, IReadOnlyList<SummaryGroup> Groups, int Records, int Failed, SummaryGroup Scope2)
{
    /// <summary>
    /// kg biogenic CO2 of the period (biomass fuels, biofuel blends, landfill gas): outside the scopes (GHG Protocol,
    /// ESRS E1-6 reports it separately), so in no scope total.
    /// </summary>
    public double BiogenicCo2Kg { get; init; }

    /// <summary>
    /// Scope 1 by source type (mobile-combustion, stationary-combustion, process, fugitive; <c>(none)</c> for Scope 1
    /// results without one), from the results' <c>scope1_source</c>. Scope 1 has one method, so both values are equal.
    /// </summary>
    public IReadOnlyList<SummaryGroup> Scope1BySource { get; init; } = [];
}

/// <summary>Reads results: the run that covers a period, summaries and result rows.</summary>
public sealed class EmissionQueries(FactorTraceDb db)
{
    /// <summary>The groupings a summary can have.</summary>
    public static IReadOnlyList<string> Groupings { get; } = ["scope", "category", "site", "month", "gas"];

    /// <summary>The latest completed run whose period covers [from, to].</summary>
    public Task<CalculationRun?> LatestCoveringAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        db.CalculationRuns.AsNoTracking().Where(r => r.Status == "completed" && r.From <= from && r.To >= to)
            .OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Totals of a run's results dated in [from, to], grouped, for both Scope 2 methods, with uncertainty.</summary>
    public async Task<EmissionSummary> SummarizeAsync(CalculationRun run, DateOnly from, DateOnly to, string groupBy, int iterations, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var runId = run.Id;
        var rows = db.EmissionResults.AsNoTracking().Where(r => r.RunId == runId && r.AccountingDate >= from && r.AccountingDate <= to);
        // Whole records counted by their rows, records split into month parts (share below 1) by distinct id.
        var whole = await rows.Where(r => r.Method != ResultMethods.Market && r.Share == 1)
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var split = await rows.Where(r => r.Method != ResultMethods.Market && r.Share != 1)
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Select(r => r.RecordId).Distinct().Count() }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var counts = whole.Concat(split).ToList();
        var ok = rows.Where(r => r.Status == ResultStatuses.Ok);
        var groups = groupBy switch
        {
            "gas" => await GasesAsync(ok, cancellationToken).ConfigureAwait(false),
            "month" => Fold(await ok.GroupBy(r => new { r.AccountingDate.Year, r.AccountingDate.Month, r.Method })
                .Select(g => new Part($"{g.Key.Year:D4}-{g.Key.Month:D2}", g.Key.Method, g.Sum(r => r.KgCo2e))).ToListAsync(cancellationToken).ConfigureAwait(false)),
            "category" => Fold(await ok.GroupBy(r => new { r.Category, r.Method }).Select(g => new Part(g.Key.Category, g.Key.Method, g.Sum(r => r.KgCo2e))).ToListAsync(cancellationToken).ConfigureAwait(false)),
            "site" => Fold(await ok.GroupBy(r => new { r.Site, r.Method }).Select(g => new Part(g.Key.Site, g.Key.Method, g.Sum(r => r.KgCo2e))).ToListAsync(cancellationToken).ConfigureAwait(false)),
            _ => Fold(await ok.GroupBy(r => new { r.Scope, r.Method }).Select(g => new Part(g.Key.Scope, g.Key.Method, g.Sum(r => r.KgCo2e))).ToListAsync(cancellationToken).ConfigureAwait(false)),
        };
        var terms = await ok.GroupBy(r => new { r.FactorNo, r.Method, r.IsPrimary })
            .Select(g => new { g.Key.FactorNo, g.Key.Method, g.Key.IsPrimary, Kg = g.Sum(r => r.KgCo2e), Sigma = g.Max(r => r.SigmaLn) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var scope2 = Fold(await ok.Where(r => r.Scope == "2").GroupBy(r => r.Method).Select(g => new Part("2", g.Key, g.Sum(r => r.KgCo2e))).ToListAsync(cancellationToken).ConfigureAwait(false))
            .FirstOrDefault() ?? new SummaryGroup("2", 0, 0);
        MethodTotal Total(string excluded)
        {
            var used = terms.Where(t => t.Method != excluded).ToList();
            var emission = used.Select(t => new EmissionTerm(t.FactorNo < 0 ? $"instrument:{t.Method}" : t.FactorNo.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Kg, t.Sigma)).ToList();
            return new MethodTotal(used.Sum(t => t.Kg), used.Where(t => t.IsPrimary).Sum(t => t.Kg),
                UncertaintyPropagation.Analytical(emission), UncertaintyPropagation.MonteCarlo(emission, iterations, seed));
        }

        return new EmissionSummary(run, from, to, groupBy, Total(ResultMethods.Market), Total(ResultMethods.Location),
            groups.OrderBy(g => g.Key, StringComparer.Ordinal).ToList(),
            counts.Sum(c => c.Count), counts.Where(c => c.Key != ResultStatuses.Ok).Sum(c => c.Count), scope2)
        {
            // Stored per result row (biogenic_co2_kg); market-based duplicates of a Scope 2 record are not counted twice.
            BiogenicCo2Kg = await ok.Where(r => r.Method != ResultMethods.Market).SumAsync(r => r.BiogenicCo2Kg, cancellationToken).ConfigureAwait(false),
            Scope1BySource = Fold(await ok.Where(r => r.Scope == "1").GroupBy(r => new { r.Scope1Source, r.Method })
                .Select(g => new Part(g.Key.Scope1Source, g.Key.Method, g.Sum(r => r.KgCo2e))).ToListAsync(cancellationToken).ConfigureAwait(false))
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>A page of a run's result rows dated in [from, to], in record order, with the answers they used.</summary>
    public async Task<(List<EmissionResult> Rows, Dictionary<int, RunFactor> Factors)> RecordsAsync(
        Guid runId, DateOnly from, DateOnly to, int offset, int limit, CancellationToken cancellationToken, string? status = null)
    {
        var query = db.EmissionResults.AsNoTracking().Where(r => r.RunId == runId && r.AccountingDate >= from && r.AccountingDate <= to);
        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }

        var rows = await query
            .OrderBy(r => r.AccountingDate).ThenBy(r => r.RecordId).ThenBy(r => r.Method).Skip(offset).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return (rows, await FactorsOfAsync(runId, rows, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The factor answers of <paramref name="runId"/> that <paramref name="rows"/> used, by number.</summary>
    public async Task<Dictionary<int, RunFactor>> FactorsOfAsync(Guid runId, IEnumerable<EmissionResult> rows, CancellationToken cancellationToken)
    {
        var numbers = rows.Select(r => r.FactorNo).Where(n => n >= 0).Distinct().ToList();
        return await db.RunFactors.AsNoTracking().Where(f => f.RunId == runId && numbers.Contains(f.No)).ToDictionaryAsync(f => f.No, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<SummaryGroup>> GasesAsync(IQueryable<EmissionResult> ok, CancellationToken cancellationToken)
    {
        var sums = await ok.GroupBy(r => r.Method).Select(g => new
        {
            Method = g.Key,
            Kg = g.Sum(r => r.KgCo2e),
            Co2 = g.Sum(r => r.Co2KgCo2e),
            Ch4 = g.Sum(r => r.Ch4KgCo2e),
            N2o = g.Sum(r => r.N2oKgCo2e),
            Other = g.Sum(r => r.OtherKgCo2e),
        }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var parts = new List<Part>();
        foreach (var s in sums)
        {
            parts.Add(new Part("co2", s.Method, s.Co2));
            parts.Add(new Part("ch4", s.Method, s.Ch4));
            parts.Add(new Part("n2o", s.Method, s.N2o));
            parts.Add(new Part("other", s.Method, s.Other));
            parts.Add(new Part("unattributed", s.Method, s.Kg - s.Co2 - s.Ch4 - s.N2o - s.Other));
        }

        return Fold(parts);
    }

    private static List<SummaryGroup> Fold(List<Part> parts)
    {
        var groups = new Dictionary<string, (double Location, double Market)>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            var key = part.Key ?? "(none)";
            var (location, market) = groups.GetValueOrDefault(key);
            groups[key] = (location + (part.Method == ResultMethods.Market ? 0 : part.Kg), market + (part.Method == ResultMethods.Location ? 0 : part.Kg));
        }

        return groups.Select(g => new SummaryGroup(g.Key, g.Value.Location, g.Value.Market)).ToList();
    }

    private sealed record Part(string? Key, string Method, double Kg);
}
