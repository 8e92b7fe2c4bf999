using System.Collections.Frozen;
using FactorTrace.Activities;
using FactorTrace.Factors;
using FactorTrace.Regions;
using FactorTrace.Sources;
using FactorTrace.Units;

namespace FactorTrace.Broker;

/// <summary>The crosswalk compiled against one factor store: activity → source → region → candidates.</summary>
internal sealed class BrokerIndex
{
    public BrokerIndex(FactorStore store, ActivityTaxonomy taxonomy, SourceCatalog sources, RegionHierarchy regions, UnitRegistry units)
    {
        Taxonomy = taxonomy;
        KnownRegions = store.All.Select(f => regions.Normalize(f.Region)).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        Regions = regions.WithDatasetGroups(KnownRegions);
        var bySource = sources.Sources.ToDictionary(
            s => s.Id,
            s => s.Datasets.SelectMany(store.ForDataset).Where(s.Contains).ToList(),
            StringComparer.OrdinalIgnoreCase);
        SourceOfDataset = sources.Sources
            .SelectMany(s => s.Datasets.Select(d => (Dataset: d, Source: s)))
            .GroupBy(x => x.Dataset, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.Source).ToArray(), StringComparer.Ordinal);
        Units = units;
        var activities = new Dictionary<string, ActivityEntry>(StringComparer.OrdinalIgnoreCase);
        var unmatched = new List<string>();
        foreach (var definition in taxonomy.Activities)
        {
            var entry = new ActivityEntry(definition.Id, definition.Name, definition.UnitType, definition.Scope, definition.Category, definition.Fuel)
            {
                Synonyms = definition.Synonyms,
                Gas = definition.Gas,
                Blend = Gwp.RefrigerantBlend.Find(definition.Gas)
                    ?? (definition.Id.StartsWith("refrigerant.r", StringComparison.Ordinal) ? Gwp.RefrigerantBlend.Find(definition.Id["refrigerant.".Length..]) : null),
            };
            foreach (var rule in definition.Match)
            {
                var source = sources.Find(rule.Source) ?? throw new InvalidOperationException($"Activity '{definition.Id}' names unknown source '{rule.Source}'.");
                foreach (var factor in bySource[source.Id].Where(rule.Matches))
                {
                    // A publisher's own code for a place is read through the aliases (Climatiq's GB-LON is GB-LND), so
                    // sub-national rows are exact matches for the region however the publisher spells it.
                    var region = rule.RegionFromName ? Regions.FromName(factor.Name[(factor.Name.LastIndexOf(" / ", StringComparison.Ordinal) + 3)..]) : Regions.Normalize(factor.Region);
                    if (region is not null && ToCandidate(factor, source, region) is { } candidate)
                    {
                        entry.Add(candidate);

                        // The publisher's own row for the same fuel in another basis (EPA Table 1 per mmBtu beside per
                        // physical unit) belongs to the activity too: it beats converting with borrowed fuel properties.
                        foreach (var sibling in Siblings(store, factor))
                        {
                            if (ToCandidate(sibling, source, region) is { } other)
                            {
                                entry.Add(other);
                            }
                        }
                    }
                }
            }

            if (entry.BySource.Count == 0)
            {
                unmatched.Add(definition.Id);
            }

            activities[definition.Id] = entry;
        }

        foreach (var pattern in taxonomy.Patterns)
        {
            var source = sources.Find(pattern.Source) ?? throw new InvalidOperationException($"Pattern '{pattern.Prefix}' names unknown source '{pattern.Source}'.");
            foreach (var factor in bySource[source.Id])
            {
                if (pattern.CodeOf(factor) is not { Length: > 0 } code)
                {
                    continue;
                }

                var id = $"{pattern.Prefix}.{code}";
                if (!activities.TryGetValue(id, out var entry))
                {
                    var name = pattern.Name.Replace("{name}", factor.Name.Trim(), StringComparison.Ordinal).Replace("{code}", code, StringComparison.Ordinal);
                    activities[id] = entry = new ActivityEntry(id, name, pattern.UnitType, pattern.Scope, pattern.Category, null)
                    {
                        PatternCode = (pattern.Prefix, code),
                    };
                }

                if (ToCandidate(factor, source, Regions.Normalize(factor.Region)) is { } candidate)
                {
                    entry.Add(candidate);
                }
            }
        }

        // DESNZ publishes the biogenic CO2 of a fuel as an "Outside of Scopes" row (99_<group>_<item>_<unit>_2) beside
        // the scope 1 group (<scope>_<group>_<item>_<unit>_1): the same item and unit code.
        OutsideOfScopes = store.All
            .Where(f => f.SourceActivityId.StartsWith("99_", StringComparison.Ordinal) && f.Co2e.Count > 0)
            .Select(f => (Key: DesnzItemKey(f), Factor: f))
            .Where(x => x.Key is not null)
            .GroupBy(x => x.Key!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First().Factor, StringComparer.Ordinal);
        _heatContents = HeatContents(store, units);
        Activities = activities.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Unmatched = unmatched;
        Store = store;
        SourcesById = bySource.ToFrozenDictionary(s => s.Key, s => (IReadOnlyList<EmissionFactor>)s.Value, StringComparer.OrdinalIgnoreCase);
    }

    public FrozenDictionary<string, ActivityEntry> Activities { get; }

    /// <summary>
    /// The publisher's own heat content (HHV, mmBtu per physical unit) of the fuel a row is for: EPA Table 1's heat
    /// content column, found by the fuel name in the row's id (Table 2's "Diesel Fuel" is Table 1's "Distillate Fuel Oil
    /// No. 2", as EPA's notes say).
    /// </summary>
    public (double MmBtuPerUnit, UnitDefinition Unit, string Row)? HeatContent(EmissionFactor factor)
    {
        var parts = factor.SourceActivityId.Split(':');
        if (parts.Length < 2)
        {
            return null;
        }

        var fuel = HeatContentAliases.GetValueOrDefault(parts[1], parts[1]);
        return _heatContents.TryGetValue($"{factor.Dataset.Id}|{fuel}", out var heat) ? heat : null;
    }

    private static readonly Dictionary<string, string> HeatContentAliases = new(StringComparer.Ordinal)
    {
        ["Diesel Fuel"] = "Distillate Fuel Oil No. 2",
        ["Residual Fuel Oil"] = "Residual Fuel Oil No. 6",
    };

    private readonly FrozenDictionary<string, (double MmBtuPerUnit, UnitDefinition Unit, string Row)> _heatContents;

    private static FrozenDictionary<string, (double, UnitDefinition, string)> HeatContents(FactorStore store, UnitRegistry units)
    {
        var result = new Dictionary<string, (double, UnitDefinition, string)>(StringComparer.Ordinal);
        foreach (var f in store.All)
        {
            if (!f.SourceActivityId.EndsWith(":per-physical-unit", StringComparison.Ordinal)
                || !f.Attributes.TryGetValue("heat_content_hhv", out var text)
                || !f.Attributes.TryGetValue("heat_content_unit", out var unitText)
                || !double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                || value <= 0)
            {
                continue;
            }

            // "mmBtu per gallon" (US gallons), "mmBtu per scf", "mmBtu per short ton".
            var per = unitText.IndexOf(" per ", StringComparison.Ordinal) is var i and >= 0 ? unitText[(i + 5)..].Trim() : "";
            var code = per switch { "gallon" => "gal_us", "scf" => "scf", "short ton" => "short_ton", _ => per };
            if (!unitText.StartsWith("mmBtu", StringComparison.OrdinalIgnoreCase) || units.Get(code) is not { } unit)
            {
                continue;
            }

            result.TryAdd($"{f.Dataset.Id}|{f.SourceActivityId.Split(':')[1]}", (value, unit, f.Row.ToString()));
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>DESNZ "Outside of Scopes" biogenic CO2 rows by dataset, item and unit code.</summary>
    public FrozenDictionary<string, EmissionFactor> OutsideOfScopes { get; }

    /// <summary><c>desnz-2024|1011|15</c> for <c>1_101_1011_15_1</c> and <c>99_604_1011_15_2</c>; null for other ids.</summary>
    public static string? DesnzItemKey(EmissionFactor factor)
    {
        var parts = factor.SourceActivityId.Split('_');
        return parts.Length == 5 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit))
            ? $"{factor.Dataset.Id}|{parts[2]}|{parts[3]}"
            : null;
    }

    public ActivityTaxonomy Taxonomy { get; }

    /// <summary>Explicit activities with no row in any loaded source (reported by health checks and tests).</summary>
    public IReadOnlyList<string> Unmatched { get; }

    public RegionHierarchy Regions { get; }

    public FrozenSet<string> KnownRegions { get; }

    public FactorStore Store { get; }

    public UnitRegistry Units { get; }

    public FrozenDictionary<string, IReadOnlyList<EmissionFactor>> SourcesById { get; }

    public FrozenDictionary<string, SourceDefinition[]> SourceOfDataset { get; }

    /// <summary>The region itself followed by its parents, nearest first.</summary>
    public List<string> RegionChain(string region)
    {
        var chain = new List<string> { region };
        chain.AddRange(Regions.Parents(region));
        return chain;
    }

    private static readonly (string Suffix, string[] Others)[] BasisSuffixes =
    [
        (":per-physical-unit", [":per-mmBtu"]),
        (":per-mmBtu", [":per-physical-unit"]),
    ];

    private static IEnumerable<EmissionFactor> Siblings(FactorStore store, EmissionFactor factor)
    {
        foreach (var (suffix, others) in BasisSuffixes)
        {
            if (!factor.Id.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var other in others)
            {
                if (store.TryGet(factor.Id[..^suffix.Length] + other, out var sibling))
                {
                    yield return sibling;
                }
            }
        }
    }

    public Candidate? ToCandidate(EmissionFactor factor, SourceDefinition source, string region) =>
        Units.Get(factor.Unit) is { } unit ? new Candidate(factor, source, region, unit) : null;
}
