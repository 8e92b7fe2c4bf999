using FactorTrace.Broker;
using FactorTrace.Quality;
using FactorTrace.Sources;

namespace FactorTrace.Calculation;

/// <summary>
/// The broker's answer for a mean of hourly grid intensities (<see cref="HourlyGridIntensity"/>): a factor of its own
/// source, with the hours' publishers, licence and a hash of the hours as its version, so a run stores it like any factor.
/// </summary>
public static class HourlyGridAnswers
{
    /// <summary>The source id of these answers.</summary>
    public const string SourceId = "hourly-grid-profile";

    private static readonly PedigreeScores Pedigree = new(2, 2, 1, 1, 2);

    /// <summary>The answer to <paramref name="request"/> (its activity, region, year, unit, GWP) with the mean of <paramref name="intensity"/>.</summary>
    public static ResolveOutcome Answer(FactorBroker broker, FactorRequest request, HourlyGridIntensity intensity)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(intensity);
        var source = new SourceDefinition
        {
            Id = SourceId,
            Name = "Hourly grid intensity profile of the site's zone",
            Datasets = intensity.Sources,
            Kind = "grid",
            Pedigree = Pedigree,
            IsRemote = true,
            LicencePolicy = new LicencePolicy(BulkExport: true, MaxCacheAge: null) { LicenceId = intensity.Licence, Attribution = intensity.Attribution },
        };
        var id = $"{intensity.Zone}:{intensity.First:yyyy-MM-dd}..{intensity.Last:yyyy-MM-dd}:{intensity.Basis}";
        var factor = new ExternalFactor
        {
            Id = id,
            Name = $"Grid electricity {intensity.Zone}, time-weighted mean of {intensity.Hours} hourly {intensity.Basis} intensities",
            KgCo2ePerUnit = intensity.GramsPerKwh / 1000.0,
            Unit = "kWh",
            Region = intensity.Zone,
            Year = intensity.First.Year,
            Version = intensity.Digest,
        };
        return broker.AnswerFromExternal(request, factor, source, [new Attempt(AttemptLevels.Exact, SourceId, intensity.Zone, AttemptOutcomes.Hit, $"{SourceId}:{id} ({intensity.Statement})")], []);
    }
}
