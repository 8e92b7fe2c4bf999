namespace FactorTrace.Calculation;

/// <summary>
/// Hourly grid intensities held in memory for one run, for the location-based Scope 2 row of grid electricity when the
/// tenant asks for it (setting <c>hourly_grid_scope2</c>). The lookup is synchronous: the implementation loads the zones
/// and hours the run needs before it starts. See <c>docs/adr/0008-hourly-scope2.md</c>.
/// </summary>
public interface IHourlyGridProfile
{
    /// <summary>
    /// The time-weighted mean direct intensity of the zone serving <paramref name="region"/> over the UTC days
    /// [<paramref name="first"/>, <paramref name="last"/>], or why there is none (no zone for the region, hours missing).
    /// </summary>
    HourlyGridLookup Lookup(string region, DateOnly first, DateOnly last);
}

/// <summary>The answer of <see cref="IHourlyGridProfile.Lookup"/>: an intensity, or the reason there is none.</summary>
/// <param name="Intensity">The intensity when every hour of the period is known.</param>
/// <param name="Reason">Why the hourly profile cannot be used (null when <paramref name="Intensity"/> is set).</param>
public sealed record HourlyGridLookup(HourlyGridIntensity? Intensity, string? Reason)
{
    /// <summary>An intensity.</summary>
    public static HourlyGridLookup Found(HourlyGridIntensity intensity) => new(intensity, null);

    /// <summary>No intensity, with the reason.</summary>
    public static HourlyGridLookup Missing(string reason) => new(null, reason);
}
