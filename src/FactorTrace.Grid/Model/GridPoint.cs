namespace FactorTrace.Grid.Model;

/// <summary>
/// One hour of a zone's grid carbon intensity in gCO2e/kWh, whatever unit the provider sent (WattTime's lbs/MWh is
/// converted on arrival).
/// </summary>
/// <param name="Zone">Zone id, upper case.</param>
/// <param name="Start">Start of the hour, UTC, hour-aligned.</param>
/// <param name="Direct">Direct (operational) intensity; for a marginal signal, the marginal rate.</param>
/// <param name="Lifecycle">Life-cycle intensity (average signal only).</param>
/// <param name="Signal">A <see cref="GridSignals"/> value.</param>
/// <param name="Source">Who said it (provider or dataset id).</param>
/// <param name="Quality">A <see cref="GridQualities"/> value.</param>
public sealed record GridPoint(
    string Zone,
    DateTimeOffset Start,
    double? Direct,
    double? Lifecycle,
    string Signal,
    string Source,
    string Quality)
{
    /// <summary>How an estimated value was estimated.</summary>
    public string? EstimationMethod { get; init; }

    /// <summary>Generation mix by fuel as shares of 1, when the provider gave it.</summary>
    public IReadOnlyDictionary<string, double>? Mix { get; init; }

    /// <summary>When it was fetched or ingested.</summary>
    public DateTimeOffset FetchedAt { get; init; }

    /// <summary>The value of a basis (<see cref="IntensityBases"/>).</summary>
    public double? Value(string basis) => basis == IntensityBases.Lifecycle ? Lifecycle : Direct;
}

/// <summary>Conversions to gCO2e/kWh.</summary>
public static class GridUnits
{
    /// <summary>The unit every stored value is in.</summary>
    public const string GramsPerKwh = "gCO2eq/kWh";

    /// <summary>Grams per pound (exact, by definition of the avoirdupois pound).</summary>
    public const double GramsPerPound = 453.59237;

    /// <summary>lbs/MWh (WattTime) to g/kWh: × 453.59237 g/lb ÷ 1000 kWh/MWh.</summary>
    public static double FromPoundsPerMwh(double value) => value * GramsPerPound / 1000.0;

    /// <summary>The hour containing an instant, UTC.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
