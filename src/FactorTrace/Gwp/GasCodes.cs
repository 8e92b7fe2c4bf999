namespace FactorTrace.Gwp;

/// <summary>Canonical gas codes: chemical species without hyphens or spaces (HFC-134a → HFC134a).</summary>
public static class GasCodes
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["carbon dioxide"] = "CO2",
        ["methane"] = "CH4",
        ["nitrous oxide"] = "N2O",
        ["sulfur hexafluoride"] = "SF6",
        ["sulphur hexafluoride"] = "SF6",
        ["nitrogen trifluoride"] = "NF3",
        ["carbon tetrafluoride"] = "CF4",
        ["hexafluoroethane"] = "C2F6",
        ["perfluoropropane"] = "C3F8",
        ["perfluorobutane"] = "C4F10",
        ["perfluorocyclobutane"] = "cC4F8",
        ["perfluorohexane"] = "C6F14",
        ["hfcs and pfcs, unspecified"] = "HFC/PFC-unspecified",
        ["pfc-14"] = "CF4",
        ["pfc-116"] = "C2F6",
        ["pfc-218"] = "C3F8",
        ["pfc-318"] = "cC4F8",
        ["pfc-31-10"] = "C4F10",
        ["pfc-41-12"] = "C5F12",
        ["pfc-51-14"] = "C6F14",
        ["pfc-91-18"] = "C10F18",
    };

    /// <summary>Normalizes a gas name or formula to its canonical code.</summary>
    public static string Normalize(string gas)
    {
        ArgumentNullException.ThrowIfNull(gas);
        var trimmed = gas.Trim();
        if (Names.TryGetValue(trimmed, out var code))
        {
            return code;
        }

        return trimmed.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
    }
}
