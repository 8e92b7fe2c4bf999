using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace FactorTrace.Units;

/// <summary>The data-driven unit registry (see <c>Units/units.yaml</c>).</summary>
public sealed partial class UnitRegistry
{
    private readonly FrozenDictionary<string, UnitDefinition> _byName;
    private readonly FrozenDictionary<string, UnitDefinition> _byCode;
    private readonly FrozenDictionary<string, string[]> _ambiguous;
    private readonly FrozenDictionary<string, UnitDefinition> _datasetAliases;
    private readonly UnitDefinition[] _inOrder;

    /// <summary>Creates a registry from definitions; codes and aliases must be unique (case-insensitive).</summary>
    public UnitRegistry(
        IEnumerable<UnitDefinition> units,
        IReadOnlyDictionary<string, string[]>? ambiguous = null,
        IReadOnlyDictionary<string, string>? datasetAliases = null)
    {
        ArgumentNullException.ThrowIfNull(units);
        var byName = new Dictionary<string, UnitDefinition>(StringComparer.OrdinalIgnoreCase);
        var byCode = new Dictionary<string, UnitDefinition>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            byCode.Add(unit.Code, unit);
            foreach (var name in unit.Aliases.Prepend(unit.Code))
            {
                var key = Normalize(name);
                if (byName.TryGetValue(key, out var existing) && existing.Code != unit.Code)
                {
                    throw new ArgumentException($"Unit alias '{name}' is used by both '{existing.Code}' and '{unit.Code}'.", nameof(units));
                }

                byName[key] = unit;
            }
        }

        _byName = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _byCode = byCode.ToFrozenDictionary(StringComparer.Ordinal);
        _inOrder = [.. byCode.Values];
        var ambiguousByName = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (word, choices) in ambiguous ?? new Dictionary<string, string[]>())
        {
            var key = Normalize(word);
            if (byName.ContainsKey(key))
            {
                throw new ArgumentException($"'{word}' is both a unit alias and ambiguous.", nameof(ambiguous));
            }

            if (choices.FirstOrDefault(c => !byCode.ContainsKey(c)) is { } unknown)
            {
                throw new ArgumentException($"Ambiguous word '{word}' lists unknown unit '{unknown}'.", nameof(ambiguous));
            }

            ambiguousByName[key] = choices;
        }

        _ambiguous = ambiguousByName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _datasetAliases = (datasetAliases ?? new Dictionary<string, string>())
            .ToFrozenDictionary(
                a => Normalize(a.Key),
                a => byCode.TryGetValue(a.Value, out var u) ? u : throw new ArgumentException($"Dataset alias '{a.Key}' names unknown unit '{a.Value}'.", nameof(datasetAliases)),
                StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The registry shipped with FactorTrace.</summary>
    public static UnitRegistry Default { get; } = LoadDefault();

    /// <summary>All units.</summary>
    public IEnumerable<UnitDefinition> Units => _byCode.Values;

    /// <summary>Resolves a code or alias (<c>litres</c>, <c>gal (US)</c>, <c>per FTE Working Hour</c>).</summary>
    public bool TryResolve(string? text, out UnitDefinition unit)
    {
        unit = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var key = Normalize(text);
        if (_byName.TryGetValue(key, out unit!))
        {
            return true;
        }

        return key.StartsWith("per ", StringComparison.Ordinal) && _byName.TryGetValue(key[4..], out unit!);
    }

    /// <summary>
    /// Reads a unit written by a user: the unit it names, or the precise choices when the word is ambiguous
    /// (<c>ton</c>, <c>gal</c>, <c>bbl</c>, <c>therm</c>); neither when it is unknown.
    /// </summary>
    public UnitLookup Lookup(string? text)
    {
        if (TryResolve(text, out var unit))
        {
            return new UnitLookup(unit, []);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new UnitLookup(null, []);
        }

        var key = Normalize(text);
        if (key.StartsWith("per ", StringComparison.Ordinal))
        {
            key = key[4..];
        }

        return new UnitLookup(null, _ambiguous.TryGetValue(key, out var choices) ? choices : []);
    }

    /// <summary>
    /// Reads a unit as written inside a publisher's file, where words such as <c>gallon</c> or <c>ton</c> have
    /// a fixed meaning (US gallon, short ton).
    /// </summary>
    public bool TryResolveDatasetUnit(string? text, out UnitDefinition unit)
    {
        if (TryResolve(text, out unit))
        {
            return true;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var key = Normalize(text);
        return _datasetAliases.TryGetValue(key, out unit!)
            || (key.StartsWith("per ", StringComparison.Ordinal) && _datasetAliases.TryGetValue(key[4..], out unit!));
    }

    /// <summary>Unit codes that are near the text, for "did you mean" suggestions.</summary>
    public IReadOnlyList<string> Suggest(string text, int max = 5) => Suggest(text, null, max);

    /// <summary>
    /// Unit codes near the text within the given dimensions (those the activity accepts); when none is near, the
    /// dimensions' own units, so "parsec" for a fuel suggests litres, kilograms and kilowatt-hours rather than nothing.
    /// </summary>
    public IReadOnlyList<string> Suggest(string text, IReadOnlyCollection<string>? dimensions, int max = 5)
    {
        ArgumentNullException.ThrowIfNull(text);
        var key = Normalize(text);
        var near = Near(key, dimensions, max);
        if (near.Count > 0 || dimensions is not { Count: > 0 })
        {
            return near;
        }

        // One unit of each dimension first, then the rest, in the registry's order (its most common units first).
        var pool = _inOrder.Where(u => dimensions.Contains(u.Dimension)).ToList();
        return pool.GroupBy(u => u.Dimension).Select(g => g.First().Code)
            .Concat(pool.Select(u => u.Code)).Distinct(StringComparer.Ordinal).Take(max).ToList();
    }

    private List<string> Near(string key, IReadOnlyCollection<string>? dimensions, int max) =>
        _byName
            .Where(n => dimensions is not { Count: > 0 } || dimensions.Contains(n.Value.Dimension))
            .Select(n => (n.Value.Code, Distance: Text.EditDistance.Compute(key, n.Key)))
            .Where(n => n.Distance <= Math.Max(1, key.Length / 3))
            .OrderBy(n => n.Distance)
            .ThenBy(n => n.Code, StringComparer.Ordinal)
            .Select(n => n.Code)
            .Distinct(StringComparer.Ordinal)
            .Take(max)
            .ToList();

    /// <summary>The unit with this exact code.</summary>
    public UnitDefinition? Get(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>Converts an amount between two units of the same dimension; null when they differ or have no factor.</summary>
    public static double? Convert(double amount, UnitDefinition from, UnitDefinition to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Dimension != to.Dimension || from.FactorToCanonical is not { } f || to.FactorToCanonical is not { } t)
        {
            return from.Code == to.Code ? amount : null;
        }

        return amount * f / t;
    }

    private static string Normalize(string text) => Spaces().Replace(text.Trim(), " ").ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private static UnitRegistry LoadDefault()
    {
        var document = EmbeddedData.ReadYaml<UnitsDocument>("FactorTrace.Units.units.yaml");
        return new UnitRegistry(
            document.Units.Select(u =>
                new UnitDefinition(u.Code, u.Dimension, u.Dimension == "money" ? null : u.Factor ?? 1, u.Aliases ?? [], u.Basis)),
            document.Ambiguous.ToDictionary(a => a.Key, a => a.Value.ToArray(), StringComparer.OrdinalIgnoreCase),
            document.DatasetAliases);
    }

    private sealed class UnitsDocument
    {
        public List<UnitEntry> Units { get; set; } = [];

        public Dictionary<string, List<string>> Ambiguous { get; set; } = [];

        public Dictionary<string, string> DatasetAliases { get; set; } = [];
    }

    private sealed class UnitEntry
    {
        public string Code { get; set; } = "";
        public string Dimension { get; set; } = "";
        public double? Factor { get; set; }
        public List<string>? Aliases { get; set; }

        public string? Basis { get; set; }
    }
}
