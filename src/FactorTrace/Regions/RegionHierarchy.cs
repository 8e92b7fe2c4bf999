using System.Collections.Frozen;
using FactorTrace.Text;

namespace FactorTrace.Regions;

/// <summary>
/// Region codes and their parents: subdivision or grid zone → country → groups (such as <c>EU27</c>) → <c>GLOBAL</c>.
/// </summary>
public sealed class RegionHierarchy
{
    /// <summary>The code for the whole world.</summary>
    public const string Global = "GLOBAL";

    private readonly IReadOnlyDictionary<string, (string Name, IReadOnlyList<string> Members)> _groups;
    private readonly FrozenDictionary<string, string[]> _groupsOfCountry;
    private readonly FrozenDictionary<string, string> _groupNames;
    private readonly FrozenDictionary<string, string> _aliases;
    private readonly FrozenSet<string> _extraGroups;
    private readonly FrozenDictionary<string, string> _names;

    /// <summary>Creates a hierarchy from groups (code → name and members), aliases and further group codes datasets publish.</summary>
    public RegionHierarchy(
        IReadOnlyDictionary<string, (string Name, IReadOnlyList<string> Members)> groups,
        IReadOnlyDictionary<string, string> aliases,
        IEnumerable<string>? datasetGroups = null,
        IReadOnlyDictionary<string, string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(aliases);
        _groups = groups;
        _groupNames = groups.ToFrozenDictionary(g => g.Key, g => g.Value.Name, StringComparer.OrdinalIgnoreCase);
        _groupsOfCountry = groups
            .SelectMany(g => g.Value.Members.Select(m => (Country: m, Group: g.Key)))
            .GroupBy(x => x.Country, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.Group).ToArray(), StringComparer.OrdinalIgnoreCase);
        _aliases = aliases.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _extraGroups = (datasetGroups ?? []).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _names = (names ?? new Dictionary<string, string>()).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The hierarchy shipped with FactorTrace (<c>Regions/region-groups.yaml</c>).</summary>
    public static RegionHierarchy Default { get; } = LoadDefault();

    /// <summary>A copy that also knows the aggregate codes some datasets publish (<c>ASIA</c>, <c>OECD</c>).</summary>
    public RegionHierarchy WithDatasetGroups(IEnumerable<string> codes) =>
        new(
            _groups,
            _aliases,
            _extraGroups.Concat(codes.Where(c => Classify(c) is RegionKind.Unknown && !c.Contains('-', StringComparison.Ordinal))),
            _names);

    /// <summary>The code for a country name as a publisher writes it (<c>UK (London)</c> → <c>GB-LND</c>, <c>Germany</c> → <c>DE</c>), or null.</summary>
    public string? FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _names.GetValueOrDefault(name.Trim()) ?? CountryCodes.FromName(name);
    }

    /// <summary>Upper-cases a code and applies aliases (<c>UK</c> → <c>GB</c>, <c>EU</c> → <c>EU27</c>, alpha-3 → alpha-2).</summary>
    public string Normalize(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var trimmed = code.Trim().ToUpperInvariant().Replace('_', '-');
        if (_aliases.TryGetValue(trimmed, out var alias))
        {
            return alias;
        }

        if (trimmed.Length == 3 && CountryCodes.FromAlpha3(trimmed) is { } alpha2 && !_extraGroups.Contains(trimmed))
        {
            return alpha2;
        }

        var dash = trimmed.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && _aliases.TryGetValue(trimmed[..dash], out var countryAlias) && CountryCodes.IsAlpha2(countryAlias))
        {
            return countryAlias + trimmed[dash..];
        }

        return trimmed;
    }

    /// <summary>What the (normalized) code denotes.</summary>
    public RegionKind Classify(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (string.Equals(code, Global, StringComparison.OrdinalIgnoreCase))
        {
            return RegionKind.Global;
        }

        if (_groupNames.ContainsKey(code) || _extraGroups.Contains(code))
        {
            return RegionKind.Group;
        }

        if (code.Length == 2 && CountryCodes.IsAlpha2(code))
        {
            return RegionKind.Country;
        }

        var dash = code.IndexOf('-', StringComparison.Ordinal);
        return dash == 2 && code.Length > 3 && CountryCodes.IsAlpha2(code[..2]) && IsCodeText(code.AsSpan(3))
            ? RegionKind.Subdivision
            : RegionKind.Unknown;
    }

    /// <summary>The parents of a normalized code, nearest first, ending with <c>GLOBAL</c> (empty for GLOBAL or unknown codes).</summary>
    public IReadOnlyList<string> Parents(string code)
    {
        var kind = Classify(code);
        var parents = new List<string>(4);
        var country = kind switch
        {
            RegionKind.Subdivision => code[..2].ToUpperInvariant(),
            RegionKind.Country => code.ToUpperInvariant(),
            _ => null,
        };
        if (kind == RegionKind.Subdivision)
        {
            parents.Add(country!);
        }

        if (country is not null && _groupsOfCountry.TryGetValue(country, out var groups))
        {
            parents.AddRange(groups);
        }

        if (kind is RegionKind.Subdivision or RegionKind.Country or RegionKind.Group)
        {
            parents.Add(Global);
        }

        return parents;
    }

    /// <summary>A display name (<c>Germany</c>, <c>European Union …</c>), or the code itself.</summary>
    public string Name(string code) =>
        CountryCodes.Name(code) ?? _groupNames.GetValueOrDefault(code) ?? (string.Equals(code, Global, StringComparison.OrdinalIgnoreCase) ? "World" : code);

    /// <summary>Country codes whose code or name is close to the text, for "did you mean" suggestions.</summary>
    public IReadOnlyList<string> Suggest(string text, int max = 5)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        return CountryCodes.All
            .Select(c => (c.Alpha2, Distance: Math.Min(
                EditDistance.Compute(trimmed, c.Name, 3),
                trimmed.Length <= 3 ? EditDistance.Compute(trimmed, c.Alpha2, 1) + 1 : int.MaxValue)))
            .Concat(_groupNames.Keys.Select(g => (Alpha2: g, Distance: EditDistance.Compute(trimmed, g, 2))))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Alpha2, StringComparer.Ordinal)
            .Select(c => c.Alpha2)
            .Take(max)
            .ToList();
    }

    private static bool IsCodeText(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return text.Length > 0 && text[^1] != '-';
    }

    private static RegionHierarchy LoadDefault()
    {
        var document = EmbeddedData.ReadYaml<GroupsDocument>("FactorTrace.Regions.region-groups.yaml");
        return new RegionHierarchy(
            document.Groups.ToDictionary(g => g.Key, g => (g.Value.Name, (IReadOnlyList<string>)g.Value.Members), StringComparer.OrdinalIgnoreCase),
            document.Aliases,
            null,
            document.Names);
    }

    private sealed class GroupsDocument
    {
        public Dictionary<string, GroupEntry> Groups { get; set; } = [];

        public Dictionary<string, string> Aliases { get; set; } = [];

        public Dictionary<string, string> Names { get; set; } = [];
    }

    private sealed class GroupEntry
    {
        public string Name { get; set; } = "";

        public List<string> Members { get; set; } = [];
    }
}
