namespace FactorTrace.Quality;

/// <summary>
/// Lognormal uncertainty of a factor: the geometric standard deviation from the ecoinvent-3 basic uncertainty
/// and pedigree factors, and the relative 95 % interval it implies.
/// </summary>
/// <param name="Gsd">Geometric standard deviation, e^σ.</param>
/// <param name="Relative95Low">Lower end of the 95 % interval relative to the value (−0.3 = 30 % below).</param>
/// <param name="Relative95High">Upper end of the 95 % interval relative to the value (+0.5 = 50 % above).</param>
/// <param name="Method"><c>pedigree</c>, or <c>proxy</c> for a category average (fixed ±50 %).</param>
public sealed record Uncertainty(double Gsd, double Relative95Low, double Relative95High, string Method)
{
    // ecoinvent 3 pedigree uncertainty factors as variances of ln (Weidema et al. 2013, data quality guideline, table 10.5),
    // indexed by score 1..5.
    private static readonly double[] ReliabilityVariance = [0, 0.0006, 0.002, 0.008, 0.04];
    private static readonly double[] CompletenessVariance = [0, 0.0001, 0.0006, 0.002, 0.008];
    private static readonly double[] TemporalVariance = [0, 0.0002, 0.002, 0.008, 0.04];
    private static readonly double[] GeographicalVariance = [0, 0.000025, 0.0001, 0.0006, 0.002];
    private static readonly double[] TechnologicalVariance = [0, 0.0006, 0.008, 0.04, 0.12];

    /// <summary>The distribution (always lognormal).</summary>
    public string Distribution { get; init; } = "lognormal";

    /// <summary>σ of ln(value).</summary>
    public double SigmaLn => Math.Log(Gsd);

    /// <summary>From a basic variance (of ln) and pedigree scores: σ² = basic + Σ pedigree variances, GSD = e^σ, 95 % ≈ [v/GSD², v·GSD²].</summary>
    public static Uncertainty FromPedigree(double basicVariance, PedigreeScores scores)
    {
        var variance = basicVariance
            + ReliabilityVariance[Clamp(scores.Reliability)]
            + CompletenessVariance[Clamp(scores.Completeness)]
            + TemporalVariance[Clamp(scores.Temporal)]
            + GeographicalVariance[Clamp(scores.Geographical)]
            + TechnologicalVariance[Clamp(scores.Technological)];
        var gsd = Math.Exp(Math.Sqrt(variance));
        var gsd2 = gsd * gsd;
        return new Uncertainty(gsd, (1 / gsd2) - 1, gsd2 - 1, "pedigree");
    }

    /// <summary>From a GSD the source states itself (method <c>stated</c>).</summary>
    public static Uncertainty FromGsd(double gsd)
    {
        var gsd2 = gsd * gsd;
        return new Uncertainty(gsd, (1 / gsd2) - 1, gsd2 - 1, "stated");
    }

    /// <summary>The fixed uncertainty of a category-average proxy: +50 % at the upper 95 % bound (GSD² = 1.5).</summary>
    public static Uncertainty Proxy { get; } = new(Math.Sqrt(1.5), (1 / 1.5) - 1, 0.5, "proxy");

    private static int Clamp(int score) => Math.Clamp(score, 1, 5) - 1;
}
