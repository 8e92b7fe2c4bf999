namespace FactorTrace.Factors;

/// <summary>How a per-gas amount of a factor is expressed.</summary>
public enum GasMeasure
{
    /// <summary>Mass of the gas itself (kg of CH4 per unit), convertible to CO2e with any GWP set.</summary>
    Mass,

    /// <summary>Already CO2e in the factor's GWP basis (DESNZ per-gas rows), not re-weightable exactly.</summary>
    Co2e,
}
