namespace FactorTrace.Reporting.Model;

/// <summary>The GHG Protocol's fifteen Scope 3 categories.</summary>
public static class Scope3Categories
{
    /// <summary>Names by number (index 0 is unused).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "",
        "Purchased goods and services",
        "Capital goods",
        "Fuel- and energy-related activities",
        "Upstream transportation and distribution",
        "Waste generated in operations",
        "Business travel",
        "Employee commuting",
        "Upstream leased assets",
        "Downstream transportation and distribution",
        "Processing of sold products",
        "Use of sold products",
        "End-of-life treatment of sold products",
        "Downstream leased assets",
        "Franchises",
        "Investments",
    ];

    /// <summary>The category as the ledger stores it (<c>3.6</c>).</summary>
    public static string Stored(int number) => $"3.{number}";
}

/// <summary>Groups of greenhouse gases as ESRS E1 breaks them down.</summary>
public static class GasGroups
{
    /// <summary>The group of a gas code from a factor's breakdown: <c>co2</c>, <c>ch4</c>, <c>n2o</c>, <c>hfcs</c>, <c>pfcs</c>, <c>sf6</c>, <c>nf3</c> or <c>other</c>.</summary>
    public static string Classify(string gas)
    {
        var g = (gas ?? "").Trim().Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (Calculation.GasColumns.Classify(gas ?? "") is var column and not "other")
        {
            return column;
        }

        return g.StartsWith("HFC", StringComparison.Ordinal) || g.StartsWith("HYDROFLUOROCARBON", StringComparison.Ordinal) ? "hfcs"
            : g.StartsWith("PFC", StringComparison.Ordinal) || g.StartsWith("PERFLUORO", StringComparison.Ordinal) || g is "CF4" or "C2F6" or "C3F8" or "C4F10" or "CC4F8" or "C5F12" or "C6F14" or "C10F18" ? "pfcs"
            : g.StartsWith("SF6", StringComparison.Ordinal) || g.StartsWith("SULPHURHEXAFLUORIDE", StringComparison.Ordinal) || g.StartsWith("SULFURHEXAFLUORIDE", StringComparison.Ordinal) ? "sf6"
            : g.StartsWith("NF3", StringComparison.Ordinal) || g.StartsWith("NITROGENTRIFLUORIDE", StringComparison.Ordinal) ? "nf3"
            : "other";
    }
}
