using System.Globalization;

namespace FactorTrace.Calculation;

/// <summary>
/// The mean intensity of a grid zone over whole UTC days, from every hour of them (all hours last one hour, so the plain
/// mean is the time-weighted mean; with the energy assumed flat over the period it is the intensity of that energy).
/// </summary>
/// <param name="Region">The site region it was asked for.</param>
/// <param name="Zone">The zone serving it.</param>
/// <param name="First">First day (UTC).</param>
/// <param name="Last">Last day (UTC), included.</param>
/// <param name="Hours">Hours used (24 per day).</param>
/// <param name="GramsPerKwh">Mean intensity, gCO2e/kWh.</param>
/// <param name="Basis"><c>direct</c> (operational emissions, as GHG Protocol Scope 2 counts them).</param>
/// <param name="Sources">Who published the hours (dataset or provider ids).</param>
/// <param name="Licence">Licence of the hours.</param>
/// <param name="Attribution">Attribution the licence asks for.</param>
/// <param name="Digest">A hash of the hours used (start, value, source), their version in the answer's provenance.</param>
public sealed record HourlyGridIntensity(
    string Region, string Zone, DateOnly First, DateOnly Last, int Hours, double GramsPerKwh, string Basis,
    IReadOnlyList<string> Sources, string Licence, string Attribution, string Digest)
{
    /// <summary>Start of the first hour (UTC).</summary>
    public DateTimeOffset From => new(First.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>End of the last hour (UTC, excluded).</summary>
    public DateTimeOffset To => new(Last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>What a result row says about it.</summary>
    public string Statement => string.Create(CultureInfo.InvariantCulture,
        $"hourly_grid_profile: zone {Zone}, {Hours} hours {From:yyyy-MM-ddTHH:mm}Z to {To:yyyy-MM-ddTHH:mm}Z, time-weighted mean {GramsPerKwh:G6} gCO2e/kWh ({Basis}) "
        + $"from {string.Join(", ", Sources)}");
}
