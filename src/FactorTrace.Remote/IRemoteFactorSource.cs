using FactorTrace.Broker;
using FactorTrace.Resilience;

namespace FactorTrace.Remote;

/// <summary>A factor source asked at request time over HTTP.</summary>
public interface IRemoteFactorSource
{
    /// <summary>Source id.</summary>
    string Id { get; }

    /// <summary>Its dependency (pipeline and circuit state).</summary>
    Dependency Dependency { get; }

    /// <summary>Asks for the factor of an activity in a region and year, per unit.</summary>
    ValueTask<RemoteLookup> FindAsync(RemoteQuery query, CancellationToken cancellationToken);
}

/// <summary>What a remote source is asked.</summary>
/// <param name="Activity">The canonical activity and the publisher ids other sources know it by.</param>
/// <param name="Region">Normalized region code.</param>
/// <param name="Year">Year.</param>
/// <param name="Unit">Requested unit code.</param>
/// <param name="UnitDimension">Its dimension (energy, mass, volume, distance, money, …).</param>
/// <param name="Gwp">Requested GWP set.</param>
public sealed record RemoteQuery(ActivityRef Activity, string Region, int Year, string Unit, string UnitDimension, string Gwp);

/// <summary>A remote source's answer: a factor, none, or a failure (with the dependency outcome).</summary>
public sealed record RemoteLookup(ExternalFactor? Factor, DependencyOutcome Outcome, string? Detail)
{
    /// <summary>Found.</summary>
    public static RemoteLookup Found(ExternalFactor factor) => new(factor, DependencyOutcome.Success, null);

    /// <summary>The source answered that it has no such factor.</summary>
    public static RemoteLookup NotFound(string detail) => new(null, DependencyOutcome.Success, detail);

    /// <summary>The provenance outcome: <c>hit</c>, <c>miss</c>, <c>error</c>, <c>timeout</c> or <c>circuit_open</c>.</summary>
    public string ProvenanceOutcome => Outcome switch
    {
        DependencyOutcome.Success => Factor is null ? AttemptOutcomes.Miss : AttemptOutcomes.Hit,
        DependencyOutcome.Timeout => "timeout",
        DependencyOutcome.CircuitOpen => "circuit_open",
        _ => "error",
    };

    /// <summary>Whether the source failed (rather than answering).</summary>
    public bool Failed => Outcome != DependencyOutcome.Success;
}
