using System.Collections.Frozen;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FactorTrace.Units;

/// <summary>The data-driven unit registry (see <c>Units/units.yaml</c>).</summary>
public sealed partial class UnitRegistry
{
    private readonly FrozenDictionary<string, UnitDefinition> _byName;
    private readonly FrozenDictionary<string, UnitDefinition> _byCode;

    /// <summary>Creates a registry from definitions; codes and aliases must be unique (case-insensitive).</summary>
    public UnitRegistry(IEnumerable<UnitDefinition> units)
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
        using var stream = typeof(UnitRegistry).Assembly.GetManifestResourceStream("FactorTrace.Units.units.yaml")
            ?? throw new InvalidOperationException("The embedded unit registry is missing.");
        using var reader = new StreamReader(stream);
        var document = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build()
            .Deserialize<UnitsDocument>(reader);
        return new UnitRegistry(document.Units.Select(u =>
            new UnitDefinition(u.Code, u.Dimension, u.Dimension == "money" ? null : u.Factor ?? 1, u.Aliases ?? [])));
    }

    private sealed class UnitsDocument
    {
        public List<UnitEntry> Units { get; set; } = [];
    }

    private sealed class UnitEntry
    {
        public string Code { get; set; } = "";
        public string Dimension { get; set; } = "";
        public double? Factor { get; set; }
        public List<string>? Aliases { get; set; }
    }
}
