namespace FactorTrace.Factors;

/// <summary>One gas of a factor's breakdown, in kilograms per activity unit.</summary>
/// <param name="Gas">Canonical gas code (CO2, CH4, N2O, HFC134a, SF6, …).</param>
/// <param name="KgPerUnit">Kilograms per activity unit (of the gas, or of CO2e when <paramref name="Measure"/> is Co2e).</param>
/// <param name="Measure">Whether the amount is a gas mass or CO2e.</param>
public sealed record GasAmount(string Gas, double KgPerUnit, GasMeasure Measure);
