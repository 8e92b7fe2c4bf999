using FactorTrace.Factors;

namespace FactorTrace.Gwp;

/// <summary>
/// Expresses a factor in a requested GWP set: the published total when the publisher used that set, otherwise
/// CO2e recomputed from gas masses (per-gas CO2e is turned back into masses with the publisher's set).
/// </summary>
public sealed class GwpConverter(GwpTable table)
{
    // A breakdown is taken as complete when it reproduces the published total within this relative gap
    // (DESNZ rounds each part to 5 decimals).
    private const double CompletenessTolerance = 0.01;

    /// <summary>The GWP sets the broker accepts.</summary>
    public static IReadOnlyList<string> SupportedSets { get; } = ["AR4", "AR5", "AR6"];

    /// <summary>The table used.</summary>
    public GwpTable Table => table;

    /// <summary>Computes the CO2e of <paramref name="factor"/> in <paramref name="targetSet"/>.</summary>
    /// <param name="factor">The factor.</param>
    /// <param name="targetSet">AR4, AR5 or AR6.</param>
    /// <param name="basisSet">The GWP set of the publisher's per-gas CO2e values, if any.</param>
    /// <param name="methaneOrigin">
    /// <c>fossil</c> or <c>non_fossil</c>: AR6 CH4 then uses IPCC AR6 Table 7.15's value for that origin (29.8 or 27.0)
    /// instead of the single value of the GWP table.
    /// </param>
    public Co2eBreakdown Convert(EmissionFactor factor, string targetSet, string? basisSet, string? methaneOrigin = null)
    {
        var result = ConvertCore(factor, targetSet, basisSet, methaneOrigin);
        if (result.Method == "recomputed" && string.Equals(targetSet, "AR6", StringComparison.OrdinalIgnoreCase)
            && factor.Gases.Any(g => GasCodes.Normalize(g.Gas) == "CH4"))
        {
            var origin = MethaneOrigins.Ar6(methaneOrigin) is null ? "unspecified" : methaneOrigin;
            return result with { Ch4Origin = origin, Ch4Gwp = Gwp("AR6", "CH4", methaneOrigin) };
        }

        return result;
    }

    private double? Gwp(string set, string gas, string? methaneOrigin) =>
        string.Equals(set, "AR6", StringComparison.OrdinalIgnoreCase) && GasCodes.Normalize(gas) == "CH4" && MethaneOrigins.Ar6(methaneOrigin) is { } ch4
            ? ch4
            : table.Get(set, gas);

    private Co2eBreakdown ConvertCore(EmissionFactor factor, string targetSet, string? basisSet, string? methaneOrigin)
    {
        ArgumentNullException.ThrowIfNull(factor);
        var published = factor.Co2e.FirstOrDefault(c => string.Equals(c.GwpSet, targetSet, StringComparison.OrdinalIgnoreCase));
        var anyPublished = published ?? (factor.Co2e.Count > 0 ? factor.Co2e[0] : null);
        if (factor.Gases.Count == 0)
        {
            if (anyPublished is null)
            {
                return new Co2eBreakdown(0, targetSet, "not_recomputable", [], "the factor has no value");
            }

            return published is not null
                ? new Co2eBreakdown(published.KgPerUnit, targetSet, "published", [], null)
                : new Co2eBreakdown(anyPublished.KgPerUnit, anyPublished.GwpSet ?? basisSet, "not_recomputable", [],
                    "the publisher gives a CO2e total only, without gas masses");
        }

        var parts = new List<GasPart>(factor.Gases.Count);
        var recomputed = 0.0;
        var inBasis = 0.0;
        string? missing = null;
        foreach (var gas in factor.Gases)
        {
            var mass = gas.Measure == GasMeasure.Mass ? gas.KgPerUnit : ToMass(gas, basisSet);
            var target = mass is { } m ? Gwp(targetSet, gas.Gas, methaneOrigin) * m : null;
            if (target is null)
            {
                missing ??= gas.Gas;
                var asPublished = gas.Measure == GasMeasure.Co2e ? gas.KgPerUnit : (table.Get(basisSet ?? "AR5", gas.Gas) ?? 0) * gas.KgPerUnit;
                parts.Add(new GasPart(gas.Gas, mass, asPublished));
                recomputed += asPublished;
                inBasis += asPublished;
                continue;
            }

            parts.Add(new GasPart(gas.Gas, mass, target.Value));
            recomputed += target.Value;
            inBasis += gas.Measure == GasMeasure.Co2e ? gas.KgPerUnit : (table.Get(basisSet ?? targetSet, gas.Gas) ?? 0) * gas.KgPerUnit;
        }

        var basisTotal = factor.Co2e.FirstOrDefault(c => string.Equals(c.GwpSet, basisSet, StringComparison.OrdinalIgnoreCase)) ?? (factor.Co2e.Count > 0 ? factor.Co2e[0] : null);
        var complete = basisTotal is null || IsClose(inBasis, basisTotal.KgPerUnit);
        if (published is not null && (complete || string.Equals(published.GwpSet, targetSet, StringComparison.OrdinalIgnoreCase)))
        {
            // The publisher's own total in the requested set is authoritative; gases are shown alongside.
            return new Co2eBreakdown(published.KgPerUnit, targetSet, "published", parts, null);
        }

        if (!complete)
        {
            // One gas beside a total is not a breakdown (Defra SIC gives CO2 and CO2e): say what is missing instead.
            var note = factor.Gases.Count > 1
                ? "the gas breakdown does not add up to the published total, so it cannot be re-expressed exactly"
                : $"the publisher gives a CO2e total and {GasCodes.Normalize(factor.Gases[0].Gas)} only, not the other gases, so the total cannot be re-expressed";
            return new Co2eBreakdown(basisTotal!.KgPerUnit, basisTotal.GwpSet ?? basisSet, "not_recomputable", parts, note);
        }

        return missing is null
            ? new Co2eBreakdown(recomputed, targetSet, "recomputed", parts, null)
            : new Co2eBreakdown(recomputed, targetSet, "recomputed", parts,
                $"{missing} has no {targetSet} GWP (or its mass is unknown); its published CO2e is kept as is");
    }

    private double? ToMass(GasAmount gas, string? basisSet) =>
        basisSet is not null && table.Get(basisSet, gas.Gas) is { } gwp and > 0 ? gas.KgPerUnit / gwp : null;

    private static bool IsClose(double a, double b) =>
        Math.Abs(a - b) <= Math.Max(CompletenessTolerance * Math.Abs(b), 1e-5);
}
