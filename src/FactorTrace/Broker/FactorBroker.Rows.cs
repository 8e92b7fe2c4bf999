using System.Globalization;
using FactorTrace.Factors;

namespace FactorTrace.Broker;

/// <summary>Adjustments of a publisher row before it becomes an answer: gas breakdowns, price basis, biogenic CO2.</summary>
public sealed partial class FactorBroker
{
    private static EmissionFactor WithGas(Candidate candidate, ActivityEntry entry)
    {
        var factor = candidate.Factor;
        if (factor.Gases.Count > 0 || factor.Co2e.Count == 0 || candidate.Source.GwpBasis is null)
        {
            return factor;
        }

        if (entry.Blend is { Kyoto.Count: > 0 } blend && candidate.Unit.Dimension == "mass" && candidate.Unit.FactorToCanonical is { } kgPerUnit)
        {
            return factor with { Gases = blend.Kyoto.Select(k => new GasAmount(k.Key, k.Value * kgPerUnit, GasMeasure.Mass)).ToList() };
        }

        return entry.Gas is { } gas ? factor with { Gases = [new GasAmount(gas, factor.Co2e[0].KgPerUnit, GasMeasure.Co2e)] } : factor;
    }

    // A spend factor at producer prices: the publisher's total without margins (its gases are given with margins only).

    private static EmissionFactor WithPriceBasis(EmissionFactor factor, FactorRequest request) =>
        request.PriceBasis == "producer"
        && factor.Attributes.TryGetValue("without_margins_kg_co2e", out var text)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var without)
        && factor.Co2e.Count > 0
            ? factor with { Co2e = [factor.Co2e[0] with { KgPerUnit = without }], Gases = [] }
            : factor;

    private static string? PriceBasisOf(EmissionFactor factor, FactorRequest request)
    {
        if (!factor.Attributes.TryGetValue("price_basis", out var basis))
        {
            return null;
        }

        // The publisher's price basis names the currency year and "purchaser price"; margins say which value was used.
        var producer = request.PriceBasis == "producer" && factor.Attributes.ContainsKey("without_margins_kg_co2e");
        return producer
            ? basis.Replace("purchaser price", "producer price", StringComparison.Ordinal) + ", without margins"
            : factor.Attributes.ContainsKey("without_margins_kg_co2e") ? basis + ", with margins" : basis;
    }

    // EPA Table 1 biomass fuels ("Biomass Fuels - Solid/Gaseous/Liquid") publish their CO2 beside CH4 and N2O; that CO2
    // is biogenic, outside the scopes (GHG Protocol, ESRS E1), and reported apart.

    private static bool IsBiomassRow(EmissionFactor factor) =>
        factor.Category.Any(c => c.Contains("Biomass", StringComparison.OrdinalIgnoreCase));

    private static EmissionFactor WithoutBiogenicCo2(EmissionFactor factor) =>
        IsBiomassRow(factor) && factor.Gases.Any(g => g.Gas == "CO2" && g.Measure == GasMeasure.Mass)
            ? factor with { Gases = factor.Gases.Where(g => g.Gas != "CO2").ToList() }
            : factor;

    // kg biogenic CO2 per factor unit and the row it came from: EPA's CO2 of a biomass row, or DESNZ's "Outside of
    // Scopes" row for the same fuel and unit (scope 1 combustion rows only).

    private (double Kg, string Row)? BiogenicCo2(ActivityEntry entry, EmissionFactor factor)
    {
        if (IsBiomassRow(factor) && factor.Gases.FirstOrDefault(g => g.Gas == "CO2" && g.Measure == GasMeasure.Mass) is { } co2)
        {
            return (co2.KgPerUnit, factor.Row.ToString());
        }

        if (entry.Id.StartsWith("fuel.", StringComparison.Ordinal)
            && !factor.SourceActivityId.StartsWith("99_", StringComparison.Ordinal)
            && BrokerIndex.DesnzItemKey(factor) is { } key
            && _index.OutsideOfScopes.TryGetValue(key, out var outside))
        {
            return (outside.Co2e[0].KgPerUnit, $"{outside.Row} ({outside.SourceActivityId})");
        }

        return null;
    }

    // An activity whose name promises radiative forcing (DESNZ "With RF") answered by a row that does not include it.

    private static bool MissingRadiativeForcing(ActivityEntry entry, EmissionFactor factor) =>
        entry.Name.Contains("with radiative forcing", StringComparison.OrdinalIgnoreCase)
        && !factor.Name.Contains("With RF", StringComparison.OrdinalIgnoreCase)
        && !factor.Name.Contains("radiative forcing", StringComparison.OrdinalIgnoreCase)
        && !(factor.Attributes.TryGetValue("activity_id", out var aid) && aid.Contains("rf_included", StringComparison.OrdinalIgnoreCase));
}
