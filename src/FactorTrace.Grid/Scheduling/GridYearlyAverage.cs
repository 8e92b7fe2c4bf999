namespace FactorTrace.Grid.Scheduling;

/// <summary>A zone's mean intensity over one UTC year, weighted by hours.</summary>
/// <param name="Zone">Zone id.</param>
/// <param name="Signal">Signal.</param>
/// <param name="Year">The year.</param>
/// <param name="Direct">Mean direct intensity (null without any).</param>
/// <param name="Lifecycle">Mean life-cycle intensity (null without any).</param>
/// <param name="Hours">Hours it is over (daily means and hourly points together).</param>
public sealed record GridYearlyAverage(string Zone, string Signal, int Year, double? Direct, double? Lifecycle, int Hours);
