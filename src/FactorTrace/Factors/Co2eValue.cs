namespace FactorTrace.Factors;

/// <summary>A published total in kg CO2e per activity unit, with the GWP set the publisher used.</summary>
/// <param name="GwpSet">The GWP set of the published total (AR4, AR5, AR6) or null when unstated.</param>
/// <param name="KgPerUnit">Kilograms CO2e per activity unit.</param>
public sealed record Co2eValue(string? GwpSet, double KgPerUnit);
