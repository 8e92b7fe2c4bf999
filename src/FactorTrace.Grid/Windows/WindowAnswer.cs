namespace FactorTrace.Grid.Windows;

/// <summary>
/// The answer to a <see cref="WindowRequest"/>. Instants are UTC; means are time-weighted gCO2e/kWh.
/// </summary>
/// <param name="Best">The window with the lowest mean over every zone, or null when every window touches a missing hour.</param>
/// <param name="Baseline">The job started at <c>from</c> in the first zone ("run now").</param>
/// <param name="SavingPct"><c>(baseline − best) / baseline × 100</c>; null without a baseline mean or a best window
/// (0 when the baseline is 0).</param>
/// <param name="SavingKg"><c>energy_kwh × (baseline − best) / 1000</c>; null without energy, baseline mean or best window.</param>
/// <param name="Candidates">The next best windows after <paramref name="Best"/>, best first.</param>
/// <param name="Zones">Per zone, in request order: missing hours within <c>[from, to)</c> and windows excluded for them.</param>
/// <param name="WindowsEvaluated">Windows considered, over all zones (excluded ones included).</param>
/// <param name="WindowsExcluded">Windows left out because they touch a missing hour.</param>
public sealed record WindowAnswer(
    WindowChoice? Best,
    BaselineWindow Baseline,
    double? SavingPct,
    double? SavingKg,
    IReadOnlyList<WindowChoice> Candidates,
    IReadOnlyList<ZoneCoverage> Zones,
    long WindowsEvaluated,
    long WindowsExcluded);

/// <summary>One window of the job.</summary>
/// <param name="Zone">Zone id as the request spelled it.</param>
/// <param name="Start">Start, UTC.</param>
/// <param name="End">End (start + duration), UTC.</param>
/// <param name="Mean">Time-weighted mean intensity, gCO2e/kWh.</param>
public sealed record WindowChoice(string Zone, DateTimeOffset Start, DateTimeOffset End, double Mean);

/// <summary>The job run at once in the first zone.</summary>
/// <param name="Zone">The first zone of the request.</param>
/// <param name="Start"><c>from</c>, UTC.</param>
/// <param name="End"><c>from</c> + duration, UTC.</param>
/// <param name="Mean">Its mean, or null when it touches a missing hour.</param>
/// <param name="Reason">Why there is no mean (<see cref="WindowReasons"/>), or null.</param>
public sealed record BaselineWindow(string Zone, DateTimeOffset Start, DateTimeOffset End, double? Mean, string? Reason);

/// <summary>The data gaps of one zone within <c>[from, to)</c>.</summary>
/// <param name="Zone">Zone id as the request spelled it.</param>
/// <param name="MissingHours">Starts (UTC) of the hours overlapping <c>[from, to)</c> that have no value.</param>
/// <param name="WindowsExcluded">This zone's windows left out because they touch one of them.</param>
public sealed record ZoneCoverage(string Zone, IReadOnlyList<DateTimeOffset> MissingHours, long WindowsExcluded);

/// <summary>Why a window has no mean.</summary>
public static class WindowReasons
{
    /// <summary>The window covers part or all of an hour without data.</summary>
    public const string MissingHours = "missing_hours";
}
