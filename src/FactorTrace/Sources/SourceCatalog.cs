using System.Collections.Frozen;
using FactorTrace.Quality;

namespace FactorTrace.Sources;

/// <summary>The factor sources, their default priority and basic uncertainties (<c>Sources/sources.yaml</c>).</summary>
public sealed class SourceCatalog
{
    private readonly FrozenDictionary<string, SourceDefinition> _byId;
    private readonly FrozenDictionary<string, double> _basicVariance;

    /// <summary>Creates a catalogue.</summary>
    public SourceCatalog(IEnumerable<SourceDefinition> sources, IReadOnlyList<string> defaultOrder, IReadOnlyDictionary<string, double> basicVariance)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(defaultOrder);
        ArgumentNullException.ThrowIfNull(basicVariance);
        _byId = sources.ToFrozenDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
        if (defaultOrder.FirstOrDefault(id => !_byId.ContainsKey(id)) is { } unknown)
        {
            throw new ArgumentException($"The default source order names unknown source '{unknown}'.", nameof(defaultOrder));
        }

        DefaultOrder = defaultOrder;
        _basicVariance = basicVariance.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The catalogue shipped with FactorTrace.</summary>
    public static SourceCatalog Default { get; } = Load();

    /// <summary>Every source.</summary>
    public IEnumerable<SourceDefinition> Sources => _byId.Values;

    /// <summary>Source ids in default priority order.</summary>
    public IReadOnlyList<string> DefaultOrder { get; }

    /// <summary>Looks a source up by id (case-insensitive).</summary>
    public SourceDefinition? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>A copy with another source added (a licensed remote source, a tenant's own factors).</summary>
    public SourceCatalog With(SourceDefinition source, int priority)
    {
        ArgumentNullException.ThrowIfNull(source);
        var order = DefaultOrder.Where(id => !string.Equals(id, source.Id, StringComparison.OrdinalIgnoreCase)).ToList();
        order.Insert(Math.Clamp(priority, 0, order.Count), source.Id);
        return new SourceCatalog(_byId.Values.Where(s => s.Id != source.Id).Append(source), order, _basicVariance);
    }

    /// <summary>The ecoinvent basic uncertainty (variance of ln) for an activity id, by its longest listed prefix.</summary>
    public double BasicVariance(string activityId)
    {
        ArgumentNullException.ThrowIfNull(activityId);
        var key = activityId;
        while (true)
        {
            if (_basicVariance.TryGetValue(key, out var variance))
            {
                return variance;
            }

            var dot = key.LastIndexOf('.');
            if (dot <= 0)
            {
                return _basicVariance.GetValueOrDefault("default", 0.04);
            }

            key = key[..dot];
        }
    }

    private static SourceCatalog Load()
    {
        var document = EmbeddedData.ReadYaml<SourcesDocument>("FactorTrace.Sources.sources.yaml");
        return new SourceCatalog(
            document.Sources.Select(s => new SourceDefinition
            {
                Id = s.Id,
                Name = s.Name,
                Datasets = s.Datasets,
                Kind = s.Kind,
                GwpBasis = s.GwpBasis,
                Only = s.Only is null ? null : new AttributeFilter(s.Only.Attribute, s.Only.Values),
                Except = s.Except is null ? null : new AttributeFilter(s.Except.Attribute, s.Except.Values),
                ExtraAttribution = s.ExtraAttribution,
                Pedigree = new PedigreeScores(s.Pedigree.Reliability, s.Pedigree.Completeness, 1, 1, s.Pedigree.Technological),
            }),
            document.DefaultOrder,
            document.BasicUncertainty);
    }

    private sealed class SourcesDocument
    {
        public List<string> DefaultOrder { get; set; } = [];

        public List<SourceEntry> Sources { get; set; } = [];

        public Dictionary<string, double> BasicUncertainty { get; set; } = [];
    }

    private sealed class SourceEntry
    {
        public string Id { get; set; } = "";

        public string Name { get; set; } = "";

        public List<string> Datasets { get; set; } = [];

        public string Kind { get; set; } = "";

        public string? GwpBasis { get; set; }

        public FilterEntry? Only { get; set; }

        public FilterEntry? Except { get; set; }

        public string? ExtraAttribution { get; set; }

        public PedigreeEntry Pedigree { get; set; } = new();
    }

    private sealed class FilterEntry
    {
        public string Attribute { get; set; } = "";

        public List<string> Values { get; set; } = [];
    }

    private sealed class PedigreeEntry
    {
        public int Reliability { get; set; } = 3;

        public int Completeness { get; set; } = 3;

        public int Technological { get; set; } = 3;
    }
}
