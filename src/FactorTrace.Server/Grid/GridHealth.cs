using FactorTrace.Grid.Providers;
using FactorTrace.Resilience;
using FactorTrace.Server.Factors;

namespace FactorTrace.Server.Grid;

/// <summary>The grid providers as health shows them: off (not configured), or their breaker's state and last error.</summary>
internal static class GridHealth
{
    public static IEnumerable<object> Providers(GridProviders providers, DependencyRegistry dependencies) => providers.All.Select((p, i) =>
    {
        var dependency = p.Enabled ? dependencies.All.FirstOrDefault(d => string.Equals(d.Name, p.Name, StringComparison.OrdinalIgnoreCase)) : null;
        return (object)new
        {
            name = p.Name,
            role = i == 0 ? "primary" : "fallback",
            signal = p.Signal,
            status = !p.Enabled ? "off" : dependency is { IsOpen: true } ? "unavailable" : "available",
            breaker = dependency is null ? null : SourceStatus.Breaker(dependency.State),
            last_error = p.Enabled ? dependency?.LastError : "not configured (no key)",
        };
    });

    /// <summary>True when a configured provider's circuit is open.</summary>
    public static bool Degraded(GridProviders providers, DependencyRegistry dependencies) =>
        providers.All.Any(p => p.Enabled && dependencies.All.Any(d => string.Equals(d.Name, p.Name, StringComparison.OrdinalIgnoreCase) && d.IsOpen));
}
