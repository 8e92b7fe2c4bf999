namespace FactorTrace.Quality;

/// <summary>
/// ecoinvent pedigree matrix scores, each 1 (best) to 5 (worst): reliability, completeness, temporal,
/// geographical and further technological correlation.
/// </summary>
public readonly record struct PedigreeScores(int Reliability, int Completeness, int Temporal, int Geographical, int Technological)
{
    /// <summary>The 0–100 quality score: 100 when every indicator is 1, 0 when every indicator is 5.</summary>
    public int Score => (int)Math.Round(100 * (25 - (Reliability + Completeness + Temporal + Geographical + Technological)) / 20.0, MidpointRounding.AwayFromZero);

    /// <summary>The temporal score for a factor <paramref name="yearsApart"/> years from the requested year (ecoinvent: &lt;3, &lt;6, &lt;10, &lt;15 years).</summary>
    public static int TemporalFor(int yearsApart) => Math.Abs(yearsApart) switch
    {
        < 3 => 1,
        < 6 => 2,
        < 10 => 3,
        < 15 => 4,
        _ => 5,
    };
}
