namespace FactorTrace.Broker;

/// <summary>A request for the best factor for an activity.</summary>
public sealed record FactorRequest
{
    /// <summary>A canonical activity id (<c>fuel.diesel</c>), a source-specific id (<c>desnz-2025:1_100_1004_6_1</c>,
    /// <c>climatiq-oefdb:electricity-energy_source_grid_mix</c>) or free text to be matched.</summary>
    public required string Activity { get; init; }

    /// <summary>Region code: ISO 3166-1 alpha-2, ISO 3166-2, <c>GLOBAL</c>, a group such as <c>EU27</c>, or a grid zone.</summary>
    public required string Region { get; init; }

    /// <summary>The year the activity took place.</summary>
    public required int Year { get; init; }

    /// <summary>The unit the activity is measured in (code or alias).</summary>
    public required string Unit { get; init; }

    /// <summary>GWP set: AR4, AR5 or AR6 (default AR6).</summary>
    public string? Gwp { get; init; }

    /// <summary>Sources to use, in this order; null for the configured order.</summary>
    public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>Dataset versions to use (catalogue ids); a source with a pinned version uses only that version.</summary>
    public IReadOnlyList<string>? Datasets { get; init; }

    /// <summary>Use only dataset versions released on or before this date (reproduce an earlier answer).</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>
    /// For spend factors: <c>purchaser</c> (default; spend at purchaser prices, factors with margins) or <c>producer</c>
    /// (spend at producer prices, factors without margins, where the publisher gives them).
    /// </summary>
    public string? PriceBasis { get; init; }
}
