using System.Collections.Frozen;

namespace FactorTrace.Factors;

/// <summary>An immutable, indexed in-memory set of emission factors, one snapshot per set of dataset versions.</summary>
public sealed class FactorStore
{
    private readonly FrozenDictionary<string, EmissionFactor> _byId;
    private readonly FrozenDictionary<string, IReadOnlyList<EmissionFactor>> _byDataset;

    /// <summary>Builds a store; ids must be unique.</summary>
    /// <exception cref="ArgumentException">Two factors share an id.</exception>
    public FactorStore(IEnumerable<EmissionFactor> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        var all = factors.ToList();
        var byId = new Dictionary<string, EmissionFactor>(all.Count, StringComparer.Ordinal);
        foreach (var factor in all)
        {
            if (!byId.TryAdd(factor.Id, factor))
            {
                throw new ArgumentException($"Duplicate factor id '{factor.Id}'.", nameof(factors));
            }
        }

        _byId = byId.ToFrozenDictionary(StringComparer.Ordinal);
        _byDataset = all
            .GroupBy(f => f.Dataset.Id, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<EmissionFactor>)g.ToArray(), StringComparer.Ordinal);
        Count = all.Count;
        DatasetVersions = string.Concat(_byDataset.Keys.Order(StringComparer.Ordinal).Select(id => $"{id}={_byDataset[id][0].Dataset.ContentHash};"));
    }

    /// <summary>An empty store.</summary>
    public static FactorStore Empty { get; } = new([]);

    /// <summary>Number of factors.</summary>
    public int Count { get; }

    /// <summary>Ids of the datasets present.</summary>
    public IEnumerable<string> DatasetIds => _byDataset.Keys;

    /// <summary>The dataset versions present with their content hashes, <c>id=hash;…</c> in id order (what answers depend on).</summary>
    public string DatasetVersions { get; }

    /// <summary>Looks a factor up by its id (<c>{dataset}:{source activity id}</c>).</summary>
    public bool TryGet(string id, out EmissionFactor factor) => _byId.TryGetValue(id, out factor!);

    /// <summary>Looks a factor up by dataset and the publisher's own activity id.</summary>
    public EmissionFactor? Find(string datasetId, string sourceActivityId) =>
        _byId.GetValueOrDefault($"{datasetId}:{sourceActivityId}");

    /// <summary>All factors of one dataset, in file order.</summary>
    public IReadOnlyList<EmissionFactor> ForDataset(string datasetId) =>
        _byDataset.TryGetValue(datasetId, out var list) ? list : [];

    /// <summary>Every factor.</summary>
    public IEnumerable<EmissionFactor> All => _byDataset.Values.SelectMany(x => x);
}
