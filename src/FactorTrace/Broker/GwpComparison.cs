namespace FactorTrace.Broker;

/// <summary>One factor under AR5 and AR6, with the change in percent (null when AR6 could not be computed exactly).</summary>
/// <param name="ActivityId">Activity.</param>
/// <param name="Unit">Unit of both values.</param>
/// <param name="Ar5">kg CO2e per unit under AR5.</param>
/// <param name="Ar6">kg CO2e per unit under AR6.</param>
/// <param name="Ar5Method">How the AR5 value was obtained.</param>
/// <param name="Ar6Method">How the AR6 value was obtained.</param>
/// <param name="DifferencePercent">(AR6 − AR5) / AR5 × 100, or null when not comparable.</param>
/// <param name="FactorId">The factor compared.</param>
public sealed record GwpComparison(string ActivityId, string Unit, double Ar5, double Ar6, string Ar5Method, string Ar6Method, double? DifferencePercent, string FactorId)
{
    /// <summary>Compares two answers for the same request.</summary>
    public static GwpComparison From(FactorAnswer ar5, FactorAnswer ar6)
    {
        ArgumentNullException.ThrowIfNull(ar5);
        ArgumentNullException.ThrowIfNull(ar6);
        var comparable = ar5.Gwp == "AR5" && ar6.Gwp == "AR6" && ar5.Value != 0;
        return new GwpComparison(ar5.ActivityId, ar5.Unit, ar5.Value, ar6.Value, ar5.GwpMethod, ar6.GwpMethod,
            comparable ? (ar6.Value - ar5.Value) / ar5.Value * 100 : null, ar6.FactorId);
    }
}
