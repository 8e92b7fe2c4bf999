namespace FactorTrace.Calculation;

/// <summary>
/// One record's contribution to a total, for uncertainty propagation: kg CO2e at the factor's point value and the
/// factor's lognormal spread. Records that share <see cref="FactorKey"/> used the same factor and are fully correlated.
/// </summary>
/// <param name="FactorKey">Identifies the factor (its id, or the answer's hash); equal keys move together.</param>
/// <param name="KgCo2e">Amount × factor value; negative for refunds and corrections.</param>
/// <param name="SigmaLn">σ of ln(factor) (ln of the geometric standard deviation); 0 for an exact factor.</param>
public readonly record struct EmissionTerm(string FactorKey, double KgCo2e, double SigmaLn);

/// <summary>The distribution of a total: mean, median and 95 % interval in kg CO2e, and how it was obtained.</summary>
/// <param name="Total">The total at the factors' point values.</param>
/// <param name="Mean">Expected value.</param>
/// <param name="Median">Median.</param>
/// <param name="Low95">2.5th percentile.</param>
/// <param name="High95">97.5th percentile.</param>
/// <param name="Method"><c>analytical</c> or <c>monte_carlo</c>.</param>
/// <param name="Iterations">Monte Carlo iterations (0 for analytical).</param>
/// <param name="Seed">Monte Carlo seed (reproduces the result exactly).</param>
public sealed record TotalUncertainty(double Total, double Mean, double Median, double Low95, double High95, string Method, int Iterations, int? Seed);
