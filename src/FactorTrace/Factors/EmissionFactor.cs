namespace FactorTrace.Factors;

/// <summary>An immutable emission factor as published, with where it came from.</summary>
public sealed record EmissionFactor
{
    /// <summary>Stable id: <c>{dataset}:{source activity id}</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The dataset it belongs to.</summary>
    public required DatasetInfo Dataset { get; init; }

    /// <summary>The source-specific activity id (the publisher's id, or one built from the row's key cells).</summary>
    public required string SourceActivityId { get; init; }

    /// <summary>Human-readable name, the publisher's hierarchy joined with " / ".</summary>
    public required string Name { get; init; }

    /// <summary>The publisher's category path (DESNZ Level 1…4, EPA table and group).</summary>
    public IReadOnlyList<string> Category { get; init; } = [];

    /// <summary>Region code: ISO 3166-1 alpha-2, ISO 3166-2, <c>GLOBAL</c>, a group such as <c>EU27</c>, or a grid zone.</summary>
    public required string Region { get; init; }

    /// <summary>The year the factor applies to.</summary>
    public required int Year { get; init; }

    /// <summary>Canonical code of the activity unit (the denominator), from the unit registry.</summary>
    public required string Unit { get; init; }

    /// <summary>The activity unit as the publisher wrote it.</summary>
    public required string UnitText { get; init; }

    /// <summary>Published CO2e totals; several when a publisher gives one per GWP set.</summary>
    public IReadOnlyList<Co2eValue> Co2e { get; init; } = [];

    /// <summary>Per-gas breakdown.</summary>
    public IReadOnlyList<GasAmount> Gases { get; init; } = [];

    /// <summary>GHG Protocol scope as published (<c>1</c>, <c>2</c>, <c>3</c>, <c>outside</c>), or null.</summary>
    public string? Scope { get; init; }

    /// <summary>Further published attributes (quality flags, LCA boundary, margins, source within the dataset).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = EmptyAttributes;

    /// <summary>The row (or first row of a row group) the factor was read from.</summary>
    public required RowReference Row { get; init; }

    private static readonly IReadOnlyDictionary<string, string> EmptyAttributes =
        new Dictionary<string, string>(StringComparer.Ordinal);
}
