using FactorTrace.Grid.Model;

namespace FactorTrace.Grid.Query;

/// <summary>
/// The latest intensity of a zone and how it was found: the provider that answered, or the store, or the yearly
/// dataset, with every attempt before it.
/// </summary>
/// <param name="Zone">Zone id.</param>
/// <param name="Point">The hour that answers (null when only the yearly mean is known).</param>
/// <param name="Yearly">The yearly mean, when nothing hourly answered.</param>
/// <param name="Fallback">Null when the primary answered; else <c>provider</c>, <c>store</c> or <c>yearly</c>.</param>
/// <param name="Attempts">Every source tried, in order.</param>
/// <param name="Warning">Said loudly when the answer is of another signal than asked, or stale.</param>
public sealed record LatestAnswer(string Zone, GridPoint? Point, YearlyIntensity? Yearly, string? Fallback, IReadOnlyList<GridAttempt> Attempts, string? Warning);

/// <summary>One source tried for an answer.</summary>
/// <param name="Source">Provider name, <c>store</c> or <c>yearly</c>.</param>
/// <param name="Outcome"><c>answered</c>, <c>off</c>, <c>unknown-zone</c>, <c>no-region</c>, <c>failed</c>, <c>circuit-open</c>, <c>no-data</c>.</param>
/// <param name="Error">Why not.</param>
public sealed record GridAttempt(string Source, string Outcome, string? Error = null);
