namespace FactorTrace.Units;

/// <summary>One unit of the registry.</summary>
/// <param name="Code">Stable code (<c>kg</c>, <c>gal_us</c>, <c>kWh_gcv</c>, <c>USD</c>).</param>
/// <param name="Dimension">What it measures (<c>mass</c>, <c>volume</c>, <c>energy</c>, <c>money</c>, …).</param>
/// <param name="FactorToCanonical">Canonical units in one of this unit; null for currencies.</param>
/// <param name="Aliases">Other spellings that resolve to it.</param>
/// <param name="CalorificBasis">For fuel energy: <c>net</c> or <c>gross</c> calorific value; null when unstated.</param>
public sealed record UnitDefinition(
    string Code,
    string Dimension,
    double? FactorToCanonical,
    IReadOnlyList<string> Aliases,
    string? CalorificBasis = null);
