namespace FactorTrace.Gwp;

/// <summary>
/// AR6 methane by origin (IPCC AR6 WG1 Table 7.15) and the origin of each activity's methane, from the embedded
/// <c>Gwp/methane.yaml</c>.
/// </summary>
public static class MethaneOrigins
{
    /// <summary>Fossil methane (fossil fuels and fossil processes).</summary>
    public const string Fossil = "fossil";

    /// <summary>Non-fossil (biogenic) methane: biomass, waste, agriculture, landfill.</summary>
    public const string NonFossil = "non_fossil";

    private static readonly Lazy<MethaneDocument> Document = new(() => EmbeddedData.ReadYaml<MethaneDocument>("FactorTrace.Gwp.methane.yaml"));

    /// <summary>The citation of the AR6 fossil and non-fossil values.</summary>
    public static string Citation => Document.Value.Ar6.Citation;

    /// <summary>AR6 GWP-100 of methane of <paramref name="origin"/>, or null for an unknown origin.</summary>
    public static double? Ar6(string? origin) => origin switch
    {
        Fossil => Document.Value.Ar6.Fossil,
        NonFossil => Document.Value.Ar6.NonFossil,
        _ => null,
    };

    /// <summary>The origin of an activity's methane by the longest matching id prefix, or null when not known.</summary>
    public static string? For(string? activityId)
    {
        if (string.IsNullOrEmpty(activityId))
        {
            return null;
        }

        // A code pattern's prefix (spend.naics.11) also matches longer codes (spend.naics.111110).
        string? best = null;
        var bestLength = -1;
        foreach (var (prefix, origin) in Document.Value.Origins)
        {
            if (prefix.Length > bestLength
                && activityId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && (activityId.Length == prefix.Length || activityId[prefix.Length] == '.' || char.IsAsciiDigit(prefix[^1])))
            {
                best = origin;
                bestLength = prefix.Length;
            }
        }

        return best;
    }

    private sealed class MethaneDocument
    {
        public Ar6Values Ar6 { get; set; } = new();

        public Dictionary<string, string> Origins { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    }

    private sealed class Ar6Values
    {
        public double Fossil { get; set; }

        public double NonFossil { get; set; }

        public string Citation { get; set; } = "";
    }
}

/// <summary>A refrigerant blend's Kyoto components by mass fraction, with where the composition was published.</summary>
/// <param name="Name">ASHRAE designation (R-410A).</param>
/// <param name="Composition">The published composition text.</param>
/// <param name="Source">Where it was published.</param>
/// <param name="Kyoto">Kyoto (HFC, PFC) components: canonical gas code → mass fraction.</param>
public sealed record RefrigerantBlend(string Name, string Composition, string Source, IReadOnlyDictionary<string, double> Kyoto)
{
    private static readonly Lazy<Dictionary<string, RefrigerantBlend>> All = new(Load);

    /// <summary>The blend with this designation (R-410A, R410A, r410a), or null.</summary>
    public static RefrigerantBlend? Find(string? designation) =>
        designation is null ? null : All.Value.GetValueOrDefault(Key(designation));

    private static string Key(string designation) =>
        designation.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    private static Dictionary<string, RefrigerantBlend> Load()
    {
        var document = EmbeddedData.ReadYaml<BlendsDocument>("FactorTrace.Gwp.refrigerant-blends.yaml");
        return document.Blends.ToDictionary(
            b => Key(b.Key),
            b => new RefrigerantBlend(b.Key, b.Value.Composition, b.Value.Source,
                b.Value.Kyoto.ToDictionary(k => GasCodes.Normalize(k.Key), k => k.Value, StringComparer.OrdinalIgnoreCase)),
            StringComparer.Ordinal);
    }

    private sealed class BlendsDocument
    {
        public Dictionary<string, BlendRow> Blends { get; set; } = [];
    }

    private sealed class BlendRow
    {
        public string Composition { get; set; } = "";

        public string Source { get; set; } = "";

        public Dictionary<string, double> Kyoto { get; set; } = [];
    }
}
