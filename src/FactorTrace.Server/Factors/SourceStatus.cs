using FactorTrace.Remote;
using FactorTrace.Sources;
using Polly.CircuitBreaker;

namespace FactorTrace.Server.Factors;

/// <summary>
/// A source's status: for dataset sources whether its datasets are loaded (<c>available</c>, <c>partial</c>,
/// <c>unavailable</c>); for remote sources its circuit (<c>available</c>, <c>recovering</c>, <c>circuit_open</c>, <c>isolated</c>).
/// </summary>
internal static class SourceStatus
{
    public static string Of(SourceDefinition source, int datasetsLoaded, RemoteSourceRegistry? remote = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.IsRemote)
        {
            return remote?.Find(source.Id)?.Dependency.State switch
            {
                null => "unavailable",
                CircuitState.Closed => "available",
                CircuitState.HalfOpen => "recovering",
                CircuitState.Open => "circuit_open",
                _ => "isolated",
            };
        }

        return datasetsLoaded == 0 ? "unavailable" : datasetsLoaded < source.Datasets.Count ? "partial" : "available";
    }

    public static string Breaker(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        _ => "isolated",
    };
}
