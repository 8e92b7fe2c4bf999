using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace FactorTrace.Activities;

/// <summary>The canonical activities and id patterns (<c>Activities/activities.yaml</c>).</summary>
public sealed class ActivityTaxonomy
{
    private readonly FrozenDictionary<string, ActivityDefinition> _byId;

    /// <summary>Creates a taxonomy; ids must be unique.</summary>
    public ActivityTaxonomy(IEnumerable<ActivityDefinition> activities, IEnumerable<ActivityPattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(patterns);
        var byId = new Dictionary<string, ActivityDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var activity in activities)
        {
            if (!byId.TryAdd(activity.Id, activity))
            {
                throw new ArgumentException($"Duplicate activity id '{activity.Id}'.", nameof(activities));
            }
        }

        _byId = byId.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Patterns = patterns.ToList();
    }

    /// <summary>The taxonomy shipped with FactorTrace.</summary>
    public static ActivityTaxonomy Default { get; } = Load();

    /// <summary>The explicitly listed activities.</summary>
    public IEnumerable<ActivityDefinition> Activities => _byId.Values;

    /// <summary>The id patterns.</summary>
    public IReadOnlyList<ActivityPattern> Patterns { get; }

    /// <summary>Looks an explicitly listed activity up by id (case-insensitive).</summary>
    public ActivityDefinition? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The pattern an id belongs to, with its code, or null (<c>spend.naics.331110</c> → naics, <c>331110</c>).</summary>
    public (ActivityPattern Pattern, string Code)? MatchPattern(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        foreach (var pattern in Patterns)
        {
            if (id.Length > pattern.Prefix.Length + 1
                && id.StartsWith(pattern.Prefix, StringComparison.OrdinalIgnoreCase)
                && id[pattern.Prefix.Length] == '.')
            {
                return (pattern, ActivityPattern.NormalizeCode(id[(pattern.Prefix.Length + 1)..]));
            }
        }

        return null;
    }

    /// <summary>Whether a code is well formed for its pattern.</summary>
    public static bool IsWellFormed(ActivityPattern pattern, string code)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Regex.IsMatch(code, pattern.CodePattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    private static ActivityTaxonomy Load()
    {
        var document = EmbeddedData.ReadYaml<TaxonomyDocument>("FactorTrace.Activities.activities.yaml");
        return new ActivityTaxonomy(document.Activities.Select(a => a.ToDefinition()), document.Patterns);
    }

    private sealed class TaxonomyDocument
    {
        public List<ActivityEntry> Activities { get; set; } = [];

        public List<ActivityPattern> Patterns { get; set; } = [];
    }

    private sealed class ActivityEntry
    {
        public string Id { get; set; } = "";

        public string Name { get; set; } = "";

        public List<string> Synonyms { get; set; } = [];

        public string UnitType { get; set; } = "";

        public string Scope { get; set; } = "";

        public string? Category { get; set; }

        public string? Fuel { get; set; }

        public string? Gas { get; set; }

        public List<CrosswalkRule> Match { get; set; } = [];

        public ActivityDefinition ToDefinition() => new()
        {
            Id = Id,
            Name = Name,
            Synonyms = Synonyms,
            UnitType = UnitType,
            Scope = Scope,
            Category = Category,
            Fuel = Fuel,
            Gas = Gas,
            Match = Match,
        };
    }
}
