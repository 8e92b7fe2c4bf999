namespace FactorTrace.Calculation;

/// <summary>
/// Uncertainty of a sum of emissions where each factor is lognormal with its point value as the median (ecoinvent's
/// convention). Terms of the same factor are merged first: they share one draw (fully correlated); different factors
/// are independent. Two methods:
/// <list type="bullet">
/// <item><c>analytical</c>: exact mean and variance of the sum, with the interval of a lognormal of that mean and
/// variance (Fenton–Wilkinson), or of a normal when the total is not positive.</item>
/// <item><c>monte_carlo</c>: seeded simulation, per factor one standard-normal draw per iteration; reproducible for a
/// seed whatever the number of cores.</item>
/// </list>
/// </summary>
public static class UncertaintyPropagation
{
    private const double Z975 = 1.959963984540054;
    private const int Chunk = 256;

    /// <summary>Per distinct factor: the summed kg CO2e and σ. Exposed for callers that simulate many totals over the same factors.</summary>
    public static (double[] KgCo2e, double[] SigmaLn) Group(IEnumerable<EmissionTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var kg = new List<double>();
        var sigma = new List<double>();
        foreach (var term in terms)
        {
            if (!double.IsFinite(term.KgCo2e) || !double.IsFinite(term.SigmaLn) || term.SigmaLn < 0)
            {
                throw new ArgumentException($"Term of factor '{term.FactorKey}' has a non-finite value or a negative σ.", nameof(terms));
            }

            if (index.TryGetValue(term.FactorKey, out var i))
            {
                kg[i] += term.KgCo2e;
                sigma[i] = Math.Max(sigma[i], term.SigmaLn);
            }
            else
            {
                index[term.FactorKey] = kg.Count;
                kg.Add(term.KgCo2e);
                sigma.Add(term.SigmaLn);
            }
        }

        return ([.. kg], [.. sigma]);
    }

    /// <summary>Exact mean and variance of the sum; the interval from a moment-matched lognormal (or normal).</summary>
    public static TotalUncertainty Analytical(IEnumerable<EmissionTerm> terms)
    {
        var (kg, sigma) = Group(terms);
        double total = 0, mean = 0, variance = 0;
        for (var i = 0; i < kg.Length; i++)
        {
            var s2 = sigma[i] * sigma[i];
            var termMean = kg[i] * Math.Exp(s2 / 2);
            total += kg[i];
            mean += termMean;
            variance += termMean * termMean * (Math.Exp(s2) - 1);
        }

        if (variance <= 0)
        {
            return new TotalUncertainty(total, total, total, total, total, "analytical", 0, null);
        }

        if (mean > 0)
        {
            var s2 = Math.Log(1 + (variance / (mean * mean)));
            var mu = Math.Log(mean) - (s2 / 2);
            var s = Math.Sqrt(s2);
            return new TotalUncertainty(total, mean, Math.Exp(mu), Math.Exp(mu - (Z975 * s)), Math.Exp(mu + (Z975 * s)), "analytical", 0, null);
        }

        var sd = Math.Sqrt(variance);
        return new TotalUncertainty(total, mean, mean, mean - (Z975 * sd), mean + (Z975 * sd), "analytical", 0, null);
    }

    /// <summary>Seeded Monte Carlo over the distinct factors; <paramref name="iterations"/> totals, then their statistics.</summary>
    public static TotalUncertainty MonteCarlo(IEnumerable<EmissionTerm> terms, int iterations = 10_000, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 100);
        var (kg, sigma) = Group(terms);
        var totals = Simulate(kg, sigma, iterations, seed);
        var total = kg.Sum();
        var mean = totals.Average();
        Array.Sort(totals);
        return new TotalUncertainty(total, mean, Quantile(totals, 0.5), Quantile(totals, 0.025), Quantile(totals, 0.975), "monte_carlo", iterations, seed);
    }

    /// <summary>
    /// The simulated totals. Iterations run in fixed chunks of 256, each with its own generator seeded from
    /// (<paramref name="seed"/>, chunk), so the result does not depend on how many cores ran them.
    /// </summary>
    public static double[] Simulate(double[] kgCo2e, double[] sigmaLn, int iterations, int seed)
    {
        ArgumentNullException.ThrowIfNull(kgCo2e);
        ArgumentNullException.ThrowIfNull(sigmaLn);
        var totals = new double[iterations];
        var uncertain = Enumerable.Range(0, kgCo2e.Length).Where(i => sigmaLn[i] > 0).ToArray();
        var exact = Enumerable.Range(0, kgCo2e.Length).Where(i => sigmaLn[i] == 0).Sum(i => kgCo2e[i]);
        var a = uncertain.Select(i => kgCo2e[i]).ToArray();
        var s = uncertain.Select(i => sigmaLn[i]).ToArray();
        var chunks = (iterations + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, chunk =>
        {
            var random = new Xoshiro256(((ulong)(uint)seed << 32) | (uint)chunk);
            var end = Math.Min(iterations, (chunk + 1) * Chunk);
            for (var it = chunk * Chunk; it < end; it++)
            {
                var sum = exact;
                for (var g = 0; g < a.Length; g += 2)
                {
                    var (z0, z1) = StandardNormalPair(ref random);
                    sum += a[g] * Math.Exp(s[g] * z0);
                    if (g + 1 < a.Length)
                    {
                        sum += a[g + 1] * Math.Exp(s[g + 1] * z1);
                    }
                }

                totals[it] = sum;
            }
        });
        return totals;
    }

    private static (double, double) StandardNormalPair(ref Xoshiro256 random)
    {
        // Marsaglia's polar method: two independent standard normals per accepted pair.
        while (true)
        {
            var u = (2 * random.NextDouble()) - 1;
            var v = (2 * random.NextDouble()) - 1;
            var q = (u * u) + (v * v);
            if (q is > 0 and < 1)
            {
                var f = Math.Sqrt(-2 * Math.Log(q) / q);
                return (u * f, v * f);
            }
        }
    }

    /// <summary>xoshiro256** (Blackman and Vigna), seeded through splitmix64: fast, and the same sequence on every platform.</summary>
    private struct Xoshiro256
    {
        private ulong _s0, _s1, _s2, _s3;

        public Xoshiro256(ulong seed)
        {
            _s0 = SplitMix(ref seed);
            _s1 = SplitMix(ref seed);
            _s2 = SplitMix(ref seed);
            _s3 = SplitMix(ref seed);
        }

        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

        private ulong Next()
        {
            var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }

        private static ulong SplitMix(ref ulong state)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    private static double Quantile(double[] sorted, double p)
    {
        var position = p * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
