namespace FactorTrace.Reporting.Model;

/// <summary>Net revenue of the period, for the GHG intensity.</summary>
/// <param name="Amount">Amount.</param>
/// <param name="Currency">ISO 4217 code (<c>EUR</c>).</param>
public sealed record NetRevenue(decimal Amount, string Currency);

/// <summary>A period of days, both ends included.</summary>
/// <param name="From">First day.</param>
/// <param name="To">Last day.</param>
public sealed record ReportPeriod(DateOnly From, DateOnly To);

/// <summary>The narrative text blocks a tenant may write; each is tagged as its ESRS text block.</summary>
public static class NarrativeKeys
{
    /// <summary>General GHG emissions disclosure.</summary>
    public const string GhgEmissions = "ghg-emissions";

    /// <summary>Methodologies, significant assumptions and emission factors (the report adds its own methodology after it).</summary>
    public const string Methodology = "methodology";

    /// <summary>Scope 3 reporting boundaries and calculation methods.</summary>
    public const string Scope3Boundaries = "scope3-boundaries";

    /// <summary>Extent to which Scope 3 uses inputs from specific activities in the value chain.</summary>
    public const string Scope3PrimaryData = "scope3-primary-data";

    /// <summary>Types of contractual instruments for Scope 2.</summary>
    public const string ContractualInstruments = "contractual-instruments";

    /// <summary>Reconciliation of the net revenue to the financial statements.</summary>
    public const string RevenueReconciliation = "revenue-reconciliation";

    /// <summary>Significant changes of the reporting undertaking or value chain and their effect on comparability.</summary>
    public const string SignificantChanges = "significant-changes";

    /// <summary>Every key, in report order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [GhgEmissions, Methodology, Scope3Boundaries, Scope3PrimaryData, ContractualInstruments, RevenueReconciliation, SignificantChanges];
}

/// <summary>
/// What a report needs besides the ledger: the tenant's settings and inputs for the period. Everything is optional; what is
/// missing is left out of the report (intensity without revenue) or refused where a format needs it (iXBRL without LEI).
/// </summary>
public sealed record ReportOptions
{
    /// <summary>Legal entity identifier (20 characters, ISO 17442), the iXBRL entity identifier.</summary>
    public string? Lei { get; init; }

    /// <summary>Net revenue of the period, for the intensities.</summary>
    public NetRevenue? NetRevenue { get; init; }

    /// <summary>Share of Scope 1 from regulated emission trading schemes, in per cent (0–100), as the tenant states it.</summary>
    public double? EtsSharePercent { get; init; }

    /// <summary>Scope 3 categories (1–15) excluded from the inventory, with the tenant's reason.</summary>
    public IReadOnlyDictionary<int, string> Scope3Exclusions { get; init; } = new Dictionary<int, string>();

    /// <summary>The base year period, compared when a completed run covers it.</summary>
    public ReportPeriod? BaseYear { get; init; }

    /// <summary>The previous period to compare; by default the same dates one year earlier.</summary>
    public ReportPeriod? PreviousPeriod { get; init; }

    /// <summary>Narrative text blocks by <see cref="NarrativeKeys"/> key.</summary>
    public IReadOnlyDictionary<string, string> Narratives { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The undertaking's NACE activity code (<c>C25.11</c>). The taxonomy's tables for breakdowns by gas and by Scope 1 source
    /// type have an economic-activity axis without default, so those breakdowns are tagged in iXBRL only when it is given.
    /// </summary>
    public string? NaceActivity { get; init; }

    /// <summary>Decimals shown (and tagged) for tCO2e; 1 by default.</summary>
    public int TonneDecimals { get; init; } = 1;

    /// <summary>Monte Carlo iterations for the 95 % intervals.</summary>
    public int UncertaintyIterations { get; init; } = 10_000;

    /// <summary>Monte Carlo seed.</summary>
    public int UncertaintySeed { get; init; } = 42;
}
