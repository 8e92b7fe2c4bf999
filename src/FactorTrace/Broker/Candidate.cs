using FactorTrace.Factors;
using FactorTrace.Sources;
using FactorTrace.Units;

namespace FactorTrace.Broker;

/// <summary>A factor as the broker sees it: its source, the region it stands for and its unit.</summary>
internal sealed record Candidate(EmissionFactor Factor, SourceDefinition Source, string Region, UnitDefinition Unit)
{
    public int Year => Factor.Year;

    public DateOnly Released => Factor.Dataset.Released;
}

/// <summary>An activity with its candidates, by source and region.</summary>
internal sealed class ActivityEntry(string id, string name, string unitType, string scope, string? category, string? fuel)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public string UnitType { get; } = unitType;

    public string Scope { get; } = scope;

    public string? Category { get; } = category;

    public string? Fuel { get; } = fuel;

    /// <summary>The gas released, for single-gas activities (refrigerants).</summary>
    public string? Gas { get; init; }

    public IReadOnlyList<string> Synonyms { get; init; } = [];

    /// <summary>The origin of the activity's methane (<c>fossil</c>, <c>non_fossil</c>), or null when not known.</summary>
    public string? MethaneOrigin { get; init; } = Gwp.MethaneOrigins.For(id);

    /// <summary>The refrigerant blend the activity releases, re-expressed from its composition.</summary>
    public Gwp.RefrigerantBlend? Blend { get; init; }

    /// <summary>Pattern prefix and code for generated ids (<c>spend.naics</c>, <c>331110</c>).</summary>
    public (string Prefix, string Code)? PatternCode { get; init; }

    public Dictionary<string, Dictionary<string, List<Candidate>>> BySource { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<Candidate> All => BySource.Values.SelectMany(r => r.Values).SelectMany(c => c);

    public void Add(Candidate candidate)
    {
        if (!BySource.TryGetValue(candidate.Source.Id, out var byRegion))
        {
            BySource[candidate.Source.Id] = byRegion = new Dictionary<string, List<Candidate>>(StringComparer.OrdinalIgnoreCase);
        }

        if (!byRegion.TryGetValue(candidate.Region, out var list))
        {
            byRegion[candidate.Region] = list = [];
        }

        if (!list.Exists(c => ReferenceEquals(c.Factor, candidate.Factor)))
        {
            list.Add(candidate);
        }
    }
}
