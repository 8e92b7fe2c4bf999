namespace FactorTrace.Activities;

/// <summary>One canonical activity (<c>fuel.diesel</c>, <c>travel.hotel-night</c>) and where each source has it.</summary>
public sealed record ActivityDefinition
{
    /// <summary>Stable dotted id.</summary>
    public required string Id { get; init; }

    /// <summary>Human-readable name.</summary>
    public required string Name { get; init; }

    /// <summary>Other words people use for it (search and free-text matching).</summary>
    public IReadOnlyList<string> Synonyms { get; init; } = [];

    /// <summary>The unit dimension it is usually measured in (<c>volume</c>, <c>energy</c>, <c>money</c>, …).</summary>
    public required string UnitType { get; init; }

    /// <summary>Default GHG Protocol scope (<c>1</c>, <c>2</c>, <c>3</c>).</summary>
    public required string Scope { get; init; }

    /// <summary>Default Scope 3 category (<c>3.6</c> = business travel), null for Scope 1 and 2.</summary>
    public string? Category { get; init; }

    /// <summary>The fuel-properties name used to convert across volume, mass and energy, if it is a fuel.</summary>
    public string? Fuel { get; init; }

    /// <summary>The gas itself, for activities that are a release of one gas (refrigerants): lets CO2e be re-expressed in any GWP set.</summary>
    public string? Gas { get; init; }

    /// <summary>Crosswalk rules to each source's rows.</summary>
    public IReadOnlyList<CrosswalkRule> Match { get; init; } = [];

    /// <summary>The parent id (<c>fuel.coal</c> for <c>fuel.coal.anthracite</c>), or null at the top.</summary>
    public string? ParentId => Id.LastIndexOf('.') is > 0 and var i ? Id[..i] : null;
}
