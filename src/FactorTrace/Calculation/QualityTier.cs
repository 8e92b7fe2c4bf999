using FactorTrace.Broker;

namespace FactorTrace.Calculation;

/// <summary>
/// The data-quality tier of a result, 1 (best) to 5: 1 primary data (the tenant's own factor, a contractual instrument
/// or a supplier-specific rate); 2–4 secondary factors with a quality score of at least 80, at least 60, or lower;
/// 5 spend-based factors and category-average proxies.
/// </summary>
public static class QualityTier
{
    /// <summary>The tier of an answer used for a quantity of <paramref name="dimension"/>.</summary>
    public static int Of(FactorAnswer answer, string dimension, bool primary)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (primary)
        {
            return 1;
        }

        if (dimension == "money" || answer.FactorId.StartsWith("proxy:", StringComparison.Ordinal) || answer.Uncertainty.Method == "proxy")
        {
            return 5;
        }

        return answer.Quality.Score >= 80 ? 2 : answer.Quality.Score >= 60 ? 3 : 4;
    }
}
