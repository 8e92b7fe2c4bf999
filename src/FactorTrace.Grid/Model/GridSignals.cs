namespace FactorTrace.Grid.Model;

/// <summary>
/// What an intensity measures. Average intensities (direct and life-cycle) describe the electricity consumed; a marginal
/// rate describes the plant that answers one more kWh. They answer different questions and are never mixed silently.
/// </summary>
public static class GridSignals
{
    /// <summary>Average intensity of the consumed mix (direct and life-cycle values).</summary>
    public const string Average = "average";

    /// <summary>Marginal operating emission rate (WattTime <c>co2_moer</c>), held in the direct value.</summary>
    public const string Marginal = "marginal";

    /// <summary>Every signal.</summary>
    public static IReadOnlyList<string> All { get; } = [Average, Marginal];

    /// <summary>The canonical spelling of a signal, or null when unknown.</summary>
    public static string? Parse(string? text) =>
        All.FirstOrDefault(s => string.Equals(s, text?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>Which of a point's two average values a caller asks for.</summary>
public static class IntensityBases
{
    /// <summary>Operational (combustion) emissions.</summary>
    public const string Direct = "direct";

    /// <summary>Life-cycle emissions (construction, fuel supply, operation).</summary>
    public const string Lifecycle = "lifecycle";
}
