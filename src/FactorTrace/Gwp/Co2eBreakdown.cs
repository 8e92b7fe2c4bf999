namespace FactorTrace.Gwp;

/// <summary>A factor's CO2e under one GWP set, with its gases, and how it was obtained.</summary>
/// <param name="KgCo2e">kg CO2e per activity unit.</param>
/// <param name="GwpSet">The GWP set the value is on (the requested one, or the publisher's when it could not be recomputed).</param>
/// <param name="Method"><c>published</c>, <c>recomputed</c> (from gas masses) or <c>not_recomputable</c>.</param>
/// <param name="Gases">Per-gas parts: kg of the gas and kg CO2e per activity unit.</param>
/// <param name="Note">Why it could not be recomputed, when it could not.</param>
public sealed record Co2eBreakdown(double KgCo2e, string? GwpSet, string Method, IReadOnlyList<GasPart> Gases, string? Note)
{
    /// <summary>
    /// When CH4 was re-expressed in AR6: the methane origin used (<c>fossil</c>, <c>non_fossil</c>, or <c>unspecified</c>
    /// for the single IPCC value); otherwise null.
    /// </summary>
    public string? Ch4Origin { get; init; }

    /// <summary>The CH4 GWP-100 used when <see cref="Ch4Origin"/> is set.</summary>
    public double? Ch4Gwp { get; init; }

    /// <summary>The same breakdown scaled to another activity unit.</summary>
    public Co2eBreakdown Scale(double factor) =>
        factor == 1 ? this : this with
        {
            KgCo2e = KgCo2e * factor,
            Gases = Gases.Select(g => g with { Kg = g.Kg * factor, KgCo2e = g.KgCo2e * factor }).ToList(),
        };
}

/// <summary>One gas in a breakdown.</summary>
/// <param name="Gas">Gas code.</param>
/// <param name="Kg">kg of the gas per activity unit (null when only its CO2e is known).</param>
/// <param name="KgCo2e">kg CO2e per activity unit.</param>
public sealed record GasPart(string Gas, double? Kg, double KgCo2e);
