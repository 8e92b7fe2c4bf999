using System.Text.RegularExpressions;
using FactorTrace.Units;

namespace FactorTrace.Datasets.Ingestion;

/// <summary>Parses unit descriptions such as <c>kg CO2 per short ton</c>, <c>(lb CH4 / MWh)</c> or <c>Metric Tons CO2e / Short Ton Material</c>.</summary>
internal static partial class UnitsText
{
    /// <summary>The parsed parts: kilograms per stated mass unit, the gas, and the activity unit text (<c>unit</c> = see another column).</summary>
    public sealed record Parsed(double KgPerMassUnit, string Gas, string PerUnit);

    public static Parsed? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = Pattern().Match(text);
        if (!match.Success || !UnitRegistry.Default.TryResolveDatasetUnit(match.Groups["mass"].Value, out var mass) || mass.Dimension != "mass")
        {
            return null;
        }

        var gas = string.Equals(match.Groups["gas"].Value, "CO2e", StringComparison.OrdinalIgnoreCase) ? "CO2e" : match.Groups["gas"].Value.ToUpperInvariant();
        return new Parsed(mass.FactorToCanonical!.Value, gas, match.Groups["per"].Value.Trim());
    }

    [GeneratedRegex(@"(?<mass>kg|g|lbs?|metric tons?|metric tonnes?|tonnes?|short tons?)\s+(?<gas>CO2e|CO2|CH4|N2O)\s*(?:per|/)\s*(?<per>[^)]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
