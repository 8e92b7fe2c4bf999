namespace FactorTrace.Fuels;

/// <summary>Published physical properties of a fuel, used to convert between volume, mass and energy.</summary>
/// <param name="Fuel">The publisher's fuel name.</param>
/// <param name="Category">The publisher's fuel group.</param>
/// <param name="Year">Year of the properties.</param>
/// <param name="NetCvGjPerTonne">Net (lower) calorific value, GJ per tonne.</param>
/// <param name="GrossCvGjPerTonne">Gross (higher) calorific value, GJ per tonne.</param>
/// <param name="DensityKgPerM3">Density, kg per cubic metre; null for solid fuels.</param>
/// <param name="Source">Dataset id and row the values came from.</param>
public sealed record FuelProperties(
    string Fuel,
    string? Category,
    int Year,
    double? NetCvGjPerTonne,
    double? GrossCvGjPerTonne,
    double? DensityKgPerM3,
    string Source);
