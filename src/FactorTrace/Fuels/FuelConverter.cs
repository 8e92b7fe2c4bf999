using System.Globalization;
using FactorTrace.Units;

namespace FactorTrace.Fuels;

/// <summary>
/// Converts between units, within a dimension through the registry and across volume, mass and energy for
/// fuels through density and calorific value (net or gross, as the energy unit states; gross when unstated).
/// </summary>
public sealed class FuelConverter
{
    private const double KWhPerGj = 277.77777777777778;
    private readonly Dictionary<string, FuelProperties> _byName;

    /// <summary>Creates a converter over published fuel properties (the latest year of each fuel wins).</summary>
    public FuelConverter(IEnumerable<FuelProperties> fuels)
    {
        ArgumentNullException.ThrowIfNull(fuels);
        _byName = fuels
            .GroupBy(f => f.Fuel, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.Year).First(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The properties of a fuel, or null.</summary>
    public FuelProperties? Find(string? fuel) => fuel is null ? null : _byName.GetValueOrDefault(fuel);

    /// <summary>
    /// How many <paramref name="factorUnit"/> one <paramref name="requestUnit"/> is, or null when they cannot be converted
    /// (different dimensions and no fuel properties, or the properties lack what is needed).
    /// </summary>
    public static UnitConversion? Convert(UnitDefinition requestUnit, UnitDefinition factorUnit, FuelProperties? fuel)
    {
        ArgumentNullException.ThrowIfNull(requestUnit);
        ArgumentNullException.ThrowIfNull(factorUnit);
        if (requestUnit.Code == factorUnit.Code)
        {
            return UnitConversion.Identity;
        }

        if (requestUnit.Dimension == factorUnit.Dimension)
        {
            if (requestUnit.FactorToCanonical is not { } r || factorUnit.FactorToCanonical is not { } f)
            {
                return null;
            }

            // An energy unit that states no basis (kWh, MMBtu, GJ) is read as gross calorific value, as energy bills are.
            var requestBasis = requestUnit.CalorificBasis ?? (factorUnit.CalorificBasis is null ? null : "gross");
            var factorBasis = factorUnit.CalorificBasis ?? (requestUnit.CalorificBasis is null ? null : "gross");
            var basisDiffers = requestBasis != factorBasis;
            if (!basisDiffers && requestUnit.Dimension == "accommodation")
            {
                return new UnitConversion(r / f, "occupancy",
                    [$"1 {requestUnit.Code} = {Format(r / f)} {factorUnit.Code}: one guest per room assumed (the publisher states no occupancy)"]);
            }

            if (!basisDiffers)
            {
                var steps = new List<string> { $"1 {requestUnit.Code} = {Format(r / f)} {factorUnit.Code}" };
                if (requestUnit.CalorificBasis != factorUnit.CalorificBasis)
                {
                    steps.Add("an energy unit without a stated basis is read as gross calorific value");
                }

                return new UnitConversion(r / f, "same_dimension", steps);
            }
        }

        return fuel is null ? null : ViaMass(requestUnit, factorUnit, fuel);
    }

    private static UnitConversion? ViaMass(UnitDefinition requestUnit, UnitDefinition factorUnit, FuelProperties fuel)
    {
        var steps = new List<string>();
        var kgPerRequestUnit = KgPer(requestUnit, fuel, steps);
        var kgPerFactorUnit = KgPer(factorUnit, fuel, steps);
        if (kgPerRequestUnit is not { } a || kgPerFactorUnit is not { } b || b <= 0)
        {
            return null;
        }

        var ratio = a / b;
        steps.Add($"1 {requestUnit.Code} = {Format(ratio)} {factorUnit.Code} ({fuel.Fuel}, {fuel.Source})");
        return new UnitConversion(ratio, "fuel_properties", steps);
    }

    private static double? KgPer(UnitDefinition unit, FuelProperties fuel, List<string> steps)
    {
        switch (unit.Dimension)
        {
            case "mass":
                return unit.FactorToCanonical;
            case "volume" when fuel.DensityKgPerM3 is { } density and > 0:
                steps.Add($"density {Format(density)} kg/m³");
                return unit.FactorToCanonical * density / 1000;
            case "energy":
                var gross = unit.CalorificBasis != "net";
                var cv = gross ? fuel.GrossCvGjPerTonne : fuel.NetCvGjPerTonne;
                if (cv is not { } gjPerTonne || gjPerTonne <= 0 || unit.FactorToCanonical is not { } kWh)
                {
                    return null;
                }

                steps.Add($"{(gross ? "gross" : "net")} CV {Format(gjPerTonne)} GJ/t{(unit.CalorificBasis is null ? " (basis unstated: gross assumed)" : "")}");
                return kWh / (gjPerTonne * KWhPerGj / 1000);
            default:
                return null;
        }
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
