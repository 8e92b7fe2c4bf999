namespace FactorTrace.Broker;

/// <summary>A factor fetched from a remote source at request time (never stored in the factor store).</summary>
public sealed record ExternalFactor
{
    /// <summary>The source's own id of the factor.</summary>
    public required string Id { get; init; }

    /// <summary>The source's name of it.</summary>
    public required string Name { get; init; }

    /// <summary>kg CO2e per <see cref="Unit"/> in <see cref="GwpSet"/>.</summary>
    public required double KgCo2ePerUnit { get; init; }

    /// <summary>The unit of the value (a code or alias of the unit registry).</summary>
    public required string Unit { get; init; }

    /// <summary>The GWP set of <see cref="KgCo2ePerUnit"/>, when stated.</summary>
    public string? GwpSet { get; init; }

    /// <summary>Gas masses in kg per unit, when the source gives them (CO2e is then recomputed for another GWP set).</summary>
    public IReadOnlyDictionary<string, double> GasMasses { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>The region the factor is for.</summary>
    public required string Region { get; init; }

    /// <summary>The year it is for.</summary>
    public required int Year { get; init; }

    /// <summary>The source's data version (for example <c>3.10</c> or <c>21.21</c>).</summary>
    public required string Version { get; init; }

    /// <summary>The geometric standard deviation the source states, if any.</summary>
    public double? Gsd { get; init; }
}

/// <summary>An activity as remote sources are asked for it: the canonical id and the source's own ids for it.</summary>
/// <param name="Id">Canonical activity id.</param>
/// <param name="Name">Its name.</param>
/// <param name="PublisherIds">A source's own activity ids for it, by source id (for example Climatiq <c>activity_id</c>s).</param>
public sealed record ActivityRef(string Id, string Name, IReadOnlyDictionary<string, IReadOnlyList<string>> PublisherIds);
