using FactorTrace.Calculation;

namespace FactorTrace.Tests.Calculation;

public sealed class UncertaintyPropagationTests
{
    // One lognormal factor, median 100 kg, GSD 1.5: the closed form of a lognormal.
    private static readonly double Sigma = Math.Log(1.5);
    private static readonly EmissionTerm[] Single = [new("f1", 100, Math.Log(1.5))];

    [Fact]
    public void Analytical_SingleLognormal_IsTheClosedForm()
    {
        var result = UncertaintyPropagation.Analytical(Single);

        Assert.Equal(100, result.Total, 9);
        Assert.Equal(100 * Math.Exp(Sigma * Sigma / 2), result.Mean, 9);
        Assert.Equal(100, result.Median, 6);
        Assert.Equal(100 * Math.Exp(-1.959963984540054 * Sigma), result.Low95, 6);
        Assert.Equal(100 * Math.Exp(1.959963984540054 * Sigma), result.High95, 6);
    }

    [Fact]
    public void MonteCarlo_SingleLognormal_AgreesWithTheAnalyticalResult()
    {
        var analytical = UncertaintyPropagation.Analytical(Single);

        var simulated = UncertaintyPropagation.MonteCarlo(Single, iterations: 20_000, seed: 7);

        Assert.Equal(analytical.Mean, simulated.Mean, analytical.Mean * 0.01);
        Assert.Equal(analytical.Median, simulated.Median, analytical.Median * 0.015);
        Assert.Equal(analytical.Low95, simulated.Low95, analytical.Low95 * 0.025);
        Assert.Equal(analytical.High95, simulated.High95, analytical.High95 * 0.025);
        Assert.Equal(("monte_carlo", 20_000, (int?)7), (simulated.Method, simulated.Iterations, simulated.Seed));
    }

    [Fact]
    public void MonteCarlo_SameSeed_SameResult_OtherSeed_Differs()
    {
        EmissionTerm[] terms = [.. Enumerable.Range(0, 500).Select(i => new EmissionTerm($"f{i % 37}", 10 + i, 0.1 + (i % 5 * 0.1)))];

        var first = UncertaintyPropagation.MonteCarlo(terms, 5_000, seed: 1);
        var again = UncertaintyPropagation.MonteCarlo(terms, 5_000, seed: 1);
        var other = UncertaintyPropagation.MonteCarlo(terms, 5_000, seed: 2);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Mean, other.Mean);
    }

    [Fact]
    public void ReusedFactor_FullyCorrelated_WiderThanIndependentFactors()
    {
        EmissionTerm[] shared = [new("grid-gb", 50, Sigma), new("grid-gb", 50, Sigma)];
        EmissionTerm[] independent = [new("grid-gb", 50, Sigma), new("grid-fr", 50, Sigma)];

        var correlated = UncertaintyPropagation.Analytical(shared);
        var separate = UncertaintyPropagation.Analytical(independent);
        var simulated = UncertaintyPropagation.MonteCarlo(shared, 20_000, 3);

        // The same factor twice is one factor with the summed amount: exactly the single-factor interval.
        Assert.Equal(UncertaintyPropagation.Analytical(Single).High95, correlated.High95, 6);
        Assert.True(correlated.High95 - correlated.Low95 > separate.High95 - separate.Low95);
        Assert.Equal(correlated.High95, simulated.High95, correlated.High95 * 0.025);
    }

    [Fact]
    public void ExactFactorsAndRefunds_NoSpreadFromExactTerms_RefundsReduceTheTotal()
    {
        EmissionTerm[] terms = [new("exact", 80, 0), new("exact-refund", -30, 0)];

        var result = UncertaintyPropagation.Analytical(terms);
        var simulated = UncertaintyPropagation.MonteCarlo(terms, 1_000, 1);

        Assert.Equal((50.0, 50.0, 50.0, 50.0), (result.Total, result.Mean, result.Low95, result.High95));
        Assert.Equal(50, simulated.Low95, 9);
        Assert.Equal(50, simulated.High95, 9);
    }

    [Fact]
    public void NonFiniteOrNegativeSigma_Refused()
    {
        Assert.Throws<ArgumentException>(() => UncertaintyPropagation.Analytical([new EmissionTerm("f", double.NaN, 0.1)]));
        Assert.Throws<ArgumentException>(() => UncertaintyPropagation.Analytical([new EmissionTerm("f", 1, -0.1)]));
    }
}
