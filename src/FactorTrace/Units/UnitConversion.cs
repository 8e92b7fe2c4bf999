namespace FactorTrace.Units;

/// <summary>How many factor units one requested unit is, and how that was worked out.</summary>
/// <param name="FactorUnitsPerRequestUnit">Multiply a per-factor-unit value by this to get a per-request-unit value.</param>
/// <param name="Kind"><c>exact</c>, <c>same_dimension</c>, <c>occupancy</c> (room-night ↔ person-night), <c>publisher_heat_content</c> (the publisher's own heat content of the fuel), <c>fuel_properties</c> or <c>currency</c>.</param>
/// <param name="Steps">Human-readable steps (<c>1 L = 0.832 kg (density 832.4 kg/m³, desnz-2025 …)</c>).</param>
public sealed record UnitConversion(double FactorUnitsPerRequestUnit, string Kind, IReadOnlyList<string> Steps)
{
    /// <summary>No conversion.</summary>
    public static UnitConversion Identity { get; } = new(1, "exact", []);

    /// <summary>Rank for tie-breaking: exact before same dimension before an assumed occupancy, fuel properties and currency.</summary>
    public int Rank => Kind switch
    {
        "exact" => 0,
        "same_dimension" => 1,
        "occupancy" or "publisher_heat_content" => 2,
        _ => 3,
    };
}
