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

    /// <summary>The English short name of an alpha-2 code, or null.</summary>
    public static string? Name(string alpha2) => Data.Names.GetValueOrDefault(alpha2);

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
