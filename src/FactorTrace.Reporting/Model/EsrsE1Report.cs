namespace FactorTrace.Reporting.Model;

/// <summary>
/// The ESRS E1-6 gross GHG emissions disclosure of one tenant for one period, from one completed calculation run. Every
/// number is a <see cref="ReportFigure"/>; the renderers show and tag these figures and nothing else.
/// </summary>
public sealed record EsrsE1Report
{
    /// <summary>Who reports.</summary>
    public required ReportEntity Entity { get; init; }

    /// <summary>The reporting period.</summary>
    public required ReportPeriod Period { get; init; }

    /// <summary>The calculation run the figures come from.</summary>
    public required ReportRun Run { get; init; }

    /// <summary>The inputs the report was built with.</summary>
    public required ReportOptions Options { get; init; }

    /// <summary>Gross Scope 1.</summary>
    public required ReportFigure Scope1 { get; init; }

    /// <summary>Scope 1 by source type (stationary combustion, mobile combustion, process, fugitive, not stated).</summary>
    public required IReadOnlyList<ReportFigure> Scope1BySource { get; init; }

    /// <summary>Share of Scope 1 from regulated emission trading schemes, when the tenant states it.</summary>
    public ReportFigure? EtsShare { get; init; }

    /// <summary>Gross location-based Scope 2.</summary>
    public required ReportFigure Scope2Location { get; init; }

    /// <summary>Gross market-based Scope 2.</summary>
    public required ReportFigure Scope2Market { get; init; }

    /// <summary>Share of Scope 2 activity (kWh) covered by contractual instruments and supplier-specific rates.</summary>
    public ReportFigure? ContractualInstrumentShare { get; init; }

    /// <summary>Gross Scope 3.</summary>
    public required ReportFigure Scope3 { get; init; }

    /// <summary>The fifteen GHG Protocol categories, included or excluded.</summary>
    public required IReadOnlyList<Scope3CategoryLine> Scope3Categories { get; init; }

    /// <summary>Scope 3 results without a category, when there are any.</summary>
    public ReportFigure? Scope3Unassigned { get; init; }

    /// <summary>Share of Scope 3 calculated from primary (supplier) data.</summary>
    public ReportFigure? Scope3PrimaryShare { get; init; }

    /// <summary>Total GHG emissions, location-based.</summary>
    public required ReportFigure TotalLocation { get; init; }

    /// <summary>Total GHG emissions, market-based.</summary>
    public required ReportFigure TotalMarket { get; init; }

    /// <summary>Net revenue used for the intensity (tenant input).</summary>
    public ReportFigure? NetRevenue { get; init; }

    /// <summary>Location-based intensity per net revenue.</summary>
    public ReportFigure? IntensityLocation { get; init; }

    /// <summary>Market-based intensity per net revenue.</summary>
    public ReportFigure? IntensityMarket { get; init; }

    /// <summary>Biogenic CO2 outside the scopes, from Scope 1, Scope 2 and Scope 3 activities.</summary>
    public required IReadOnlyList<ReportFigure> Biogenic { get; init; }

    /// <summary>Location-based total by gas.</summary>
    public required IReadOnlyList<ReportFigure> ByGas { get; init; }

    /// <summary>Totals by site.</summary>
    public required IReadOnlyList<SiteLine> BySite { get; init; }

    /// <summary>Emissions by month and scope.</summary>
    public required IReadOnlyList<MonthLine> ByMonth { get; init; }

    /// <summary>
    /// Of the scope figures, what software workloads emitted (in own data centres, Scope 2 and the upstream part in
    /// category 3; cloud computing in category 1); empty when the tenant records none.
    /// </summary>
    public IReadOnlyList<ReportFigure> Workloads { get; init; } = [];

    /// <summary>Location-based total by data-quality tier.</summary>
    public required IReadOnlyList<ReportFigure> QualityTiers { get; init; }

    /// <summary>Base year and previous period, where a completed run covers them.</summary>
    public required IReadOnlyList<Comparative> Comparatives { get; init; }

    /// <summary>How the figures were made.</summary>
    public required Methodology Methodology { get; init; }

    /// <summary>Every figure of the report, in report order.</summary>
    public IEnumerable<ReportFigure> Figures()
    {
        yield return Scope1;
        foreach (var f in Scope1BySource)
        {
            yield return f;
        }

        if (EtsShare is not null)
        {
            yield return EtsShare;
        }

        yield return Scope2Location;
        yield return Scope2Market;
        if (ContractualInstrumentShare is not null)
        {
            yield return ContractualInstrumentShare;
        }

        yield return Scope3;
        foreach (var line in Scope3Categories)
        {
            if (line.Figure is not null)
            {
                yield return line.Figure;
            }
        }

        foreach (var f in new[] { Scope3Unassigned, Scope3PrimaryShare, TotalLocation, TotalMarket, NetRevenue, IntensityLocation, IntensityMarket })
        {
            if (f is not null)
            {
                yield return f;
            }
        }

        foreach (var f in Workloads.Concat(Biogenic).Concat(ByGas))
        {
            yield return f;
        }

        foreach (var site in BySite)
        {
            yield return site.Location;
            yield return site.Market;
        }

        foreach (var month in ByMonth)
        {
            foreach (var f in month.Figures())
            {
                yield return f;
            }
        }

        foreach (var f in QualityTiers)
        {
            yield return f;
        }

        yield return Methodology.FallbackShare;
        yield return Methodology.ProxyShare;
        foreach (var step in Methodology.MarketSteps)
        {
            yield return step.Figure;
        }
    }
}

/// <summary>The reporting undertaking.</summary>
/// <param name="Name">Tenant name.</param>
/// <param name="Lei">Legal entity identifier, when set.</param>
public sealed record ReportEntity(string Name, string? Lei);

/// <summary>The calculation run behind a report.</summary>
/// <param name="Id">Run id.</param>
/// <param name="From">First day of the run's period.</param>
/// <param name="To">Last day of the run's period.</param>
/// <param name="GwpSet">GWP set.</param>
/// <param name="DatasetVersions">Dataset versions loaded (<c>id=hash;…</c>).</param>
/// <param name="Generation">Short hash of the dataset versions.</param>
/// <param name="FinishedAt">When it finished (UTC).</param>
/// <param name="Records">Records with results dated in the report period.</param>
/// <param name="FailedRecords">Of these, records that could not be calculated (not in any figure).</param>
public sealed record ReportRun(Guid Id, DateOnly From, DateOnly To, string GwpSet, string DatasetVersions, string Generation, DateTime? FinishedAt, long Records, long FailedRecords);

/// <summary>One GHG Protocol Scope 3 category.</summary>
/// <param name="Number">1–15.</param>
/// <param name="Name">GHG Protocol name.</param>
/// <param name="Figure">Its emissions, when the ledger has results in it.</param>
/// <param name="ExclusionReason">The tenant's reason, when the tenant excluded it.</param>
public sealed record Scope3CategoryLine(int Number, string Name, ReportFigure? Figure, string? ExclusionReason)
{
    /// <summary>Included in the inventory: the ledger has results in it.</summary>
    public bool Included => Figure is not null;

    /// <summary>Neither in the ledger nor excluded with a reason: a gap the report names.</summary>
    public bool Unaccounted => Figure is null && ExclusionReason is null;
}

/// <summary>A site's totals.</summary>
/// <param name="Site">Site name (<c>null</c> for results without a site).</param>
/// <param name="Location">Location-based total.</param>
/// <param name="Market">Market-based total.</param>
public sealed record SiteLine(string? Site, ReportFigure Location, ReportFigure Market);

/// <summary>A month's emissions by scope.</summary>
/// <param name="Month">First day of the month.</param>
/// <param name="Scope1">Scope 1.</param>
/// <param name="Scope2Location">Scope 2, location-based.</param>
/// <param name="Scope2Market">Scope 2, market-based.</param>
/// <param name="Scope3">Scope 3.</param>
public sealed record MonthLine(DateOnly Month, ReportFigure Scope1, ReportFigure Scope2Location, ReportFigure Scope2Market, ReportFigure Scope3)
{
    /// <summary>The four figures.</summary>
    public IEnumerable<ReportFigure> Figures() => [Scope1, Scope2Location, Scope2Market, Scope3];
}

/// <summary>Headline figures of another period from another completed run.</summary>
/// <param name="Kind"><c>previous-period</c> or <c>base-year</c>.</param>
/// <param name="Period">Its period.</param>
/// <param name="RunId">The run.</param>
/// <param name="Restated">True when the run superseded an earlier run of that period whose figures differed.</param>
/// <param name="Figures">Values by figure id (<c>scope1</c>, <c>scope2.location</c>, …, <c>scope3.cat1</c>…).</param>
public sealed record Comparative(string Kind, ReportPeriod Period, Guid RunId, bool Restated, IReadOnlyDictionary<string, ReportFigure> Figures);

/// <summary>A dataset version the figures used.</summary>
/// <param name="Dataset">Dataset id.</param>
/// <param name="Version">Version label.</param>
/// <param name="ContentHash">Content hash of the ingested files.</param>
/// <param name="Licence">Licence id.</param>
/// <param name="Attribution">Attribution text the licence asks for.</param>
public sealed record DatasetUse(string Dataset, string Version, string ContentHash, string Licence, string Attribution);

/// <summary>A step of the market-based Scope 2 hierarchy and what went through it.</summary>
/// <param name="Step"><c>contractual_instrument</c>, <c>supplier_factor</c>, <c>residual_mix</c> or <c>grid_average</c>.</param>
/// <param name="Kwh">kWh of Scope 2 activity through it (quantities in other units are not added).</param>
/// <param name="Figure">Market-based emissions through it.</param>
public sealed record MarketStep(string Step, double Kwh, ReportFigure Figure);

/// <summary>How the figures were made.</summary>
public sealed record Methodology
{
    /// <summary>GWP set (IPCC AR6 by default).</summary>
    public required string GwpSet { get; init; }

    /// <summary>Every dataset version used by a figure.</summary>
    public required IReadOnlyList<DatasetUse> Datasets { get; init; }

    /// <summary>Share of the location-based total calculated with factors reached through a fallback (another year, a text match, a GWP that could not be recomputed).</summary>
    public required ReportFigure FallbackShare { get; init; }

    /// <summary>Share of the location-based total calculated with proxies (another region, a category average).</summary>
    public required ReportFigure ProxyShare { get; init; }

    /// <summary>The market-based Scope 2 steps used.</summary>
    public required IReadOnlyList<MarketStep> MarketSteps { get; init; }

    /// <summary>What is not in the figures, in words (failed records, excluded categories).</summary>
    public required IReadOnlyList<string> Exclusions { get; init; }

    /// <summary>How the 95 % intervals were computed.</summary>
    public required string UncertaintyMethod { get; init; }

    /// <summary>Every provenance hash behind the report's figures (sorted).</summary>
    public required IReadOnlyList<string> ProvenanceHashes { get; init; }
}
