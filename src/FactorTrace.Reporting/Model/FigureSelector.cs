namespace FactorTrace.Reporting.Model;

/// <summary>Which Scope 2 result rows a figure counts: a run has a location-based and a market-based row per Scope 2 record.</summary>
public enum Scope2View
{
    /// <summary>Rows of method <c>both</c> (Scopes 1 and 3) and <c>location</c> (Scope 2).</summary>
    LocationBased,

    /// <summary>Rows of method <c>both</c> (Scopes 1 and 3) and <c>market</c> (Scope 2).</summary>
    MarketBased,
}

/// <summary>Which amount of a result row a figure adds up.</summary>
public enum FigureColumn
{
    /// <summary><c>kg_co2e</c>, the row's emissions.</summary>
    KgCo2e,

    /// <summary><c>co2_kg_co2e</c>.</summary>
    Co2,

    /// <summary><c>ch4_kg_co2e</c>.</summary>
    Ch4,

    /// <summary><c>n2o_kg_co2e</c>.</summary>
    N2o,

    /// <summary><c>other_kg_co2e</c> (HFCs, PFCs, SF6, NF3 and other gases).</summary>
    OtherGases,

    /// <summary><c>kg_co2e</c> less the four gas columns: the part of factors published without a gas split.</summary>
    Unattributed,

    /// <summary><c>biogenic_co2_kg</c>, outside the scopes.</summary>
    BiogenicCo2,
}

/// <summary>
/// The result rows (<c>emission_results</c>) of a run that contribute to a figure: rows with status <c>ok</c>, dated in
/// [<see cref="From"/>, <see cref="To"/>], of the Scope 2 view, and matching every condition that is set. The
/// traceability endpoint lists them with <c>Queries.FigureSelectorQuery.Apply</c>.
/// </summary>
public sealed record FigureSelector
{
    /// <summary>First accounting date.</summary>
    public required DateOnly From { get; init; }

    /// <summary>Last accounting date.</summary>
    public required DateOnly To { get; init; }

    /// <summary>Which Scope 2 rows count.</summary>
    public Scope2View View { get; init; } = Scope2View.LocationBased;

    /// <summary>The amount added up.</summary>
    public FigureColumn Column { get; init; } = FigureColumn.KgCo2e;

    /// <summary>Scope (<c>1</c>, <c>2</c>, <c>3</c>), or any.</summary>
    public string? Scope { get; init; }

    /// <summary>Scope 3 category as stored (<c>3.6</c>); with <see cref="NoCategory"/> false, or any.</summary>
    public string? Category { get; init; }

    /// <summary>Only rows without a category.</summary>
    public bool NoCategory { get; init; }

    /// <summary>Scope 1 source type (<c>stationary-combustion</c>, …), or any.</summary>
    public string? Scope1Source { get; init; }

    /// <summary>Only Scope 1 rows without a source type.</summary>
    public bool NoScope1Source { get; init; }

    /// <summary>Site, or any.</summary>
    public string? Site { get; init; }

    /// <summary>Only rows without a site.</summary>
    public bool NoSite { get; init; }

    /// <summary>Quality tier 1–5, or any.</summary>
    public int? Tier { get; init; }

    /// <summary>Only rows from primary data (true), only secondary (false), or any.</summary>
    public bool? Primary { get; init; }

    /// <summary>Only rows calculated with these factor numbers of the run (<c>factor_no</c>), or any.</summary>
    public IReadOnlyList<int>? FactorNumbers { get; init; }

    /// <summary>Only rows reached this way (<c>basis</c>, such as <c>workload_cloud</c>), or any.</summary>
    public string? Basis { get; init; }
}
