using System.Collections.Frozen;

namespace FactorTrace.Regions;

/// <summary>ISO 3166-1 country codes (alpha-2 ↔ alpha-3) shipped as data in <c>Regions/countries.csv</c>.</summary>
public static class CountryCodes
{
    private static readonly (FrozenDictionary<string, string> ByAlpha3, FrozenDictionary<string, string> Names) Data = Load();

    /// <summary>Number of countries and territories known.</summary>
    public static int Count => Data.Names.Count;

    /// <summary>The alpha-2 code for an alpha-3 code (<c>DEU</c> → <c>DE</c>), or null.</summary>
    public static string? FromAlpha3(string alpha3) => Data.ByAlpha3.GetValueOrDefault(alpha3.Trim());

    /// <summary>Whether <paramref name="alpha2"/> is a known ISO 3166-1 alpha-2 code.</summary>
    public static bool IsAlpha2(string alpha2) => Data.Names.ContainsKey(alpha2);

    /// <summary>Every country: alpha-2 code and English short name.</summary>
    public static IEnumerable<(string Alpha2, string Name)> All => Data.Names.Select(n => (n.Key, n.Value));

    /// <summary>The alpha-2 code whose English short name is <paramref name="name"/> (case-insensitive), or null.</summary>
    public static string? FromName(string name) => NamesToCodes.GetValueOrDefault(name.Trim());

    /// <summary>The English short name of an alpha-2 code, or null.</summary>
    public static string? Name(string alpha2) => Data.Names.GetValueOrDefault(alpha2);

    private static readonly FrozenDictionary<string, string> NamesToCodes = Data.Names
        .GroupBy(n => n.Value, StringComparer.OrdinalIgnoreCase)
        .ToFrozenDictionary(g => g.Key, g => g.First().Key, StringComparer.OrdinalIgnoreCase);

    private static (FrozenDictionary<string, string>, FrozenDictionary<string, string>) Load()
    {
        using var stream = typeof(CountryCodes).Assembly.GetManifestResourceStream("FactorTrace.Regions.countries.csv")
            ?? throw new InvalidOperationException("The embedded country list is missing.");
        using var reader = new StreamReader(stream);
        var byAlpha3 = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.StartsWith("alpha2,", StringComparison.Ordinal) || line.Length == 0)
            {
                continue;
            }

            var parts = line.Split(',', 3);
            byAlpha3[parts[1]] = parts[0];
            names[parts[0]] = parts[2].Trim('"');
        }

        return (byAlpha3.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }
}
