using FactorTrace.Broker;
using FactorTrace.Calculation;

namespace FactorTrace.Remote;

/// <summary>The one path from a request to an answer for a tenant: its own factors, its source rules, then the cascade.</summary>
public static class TenantResolution
{
    /// <summary>
    /// Resolves <paramref name="request"/> for the tenant of <paramref name="cascade"/>: a tenant factor first, then the
    /// shared sources in the tenant's order (refused when the request names a source the tenant may not use), through
    /// <paramref name="resolver"/> (cache and remote sources) when there is one, else over the loaded sources only.
    /// </summary>
    public static ValueTask<ResolveOutcome> ResolveAsync(
        FactorResolver? resolver, FactorBroker broker, FactorRequest request, TenantCascade cascade, ResolveScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cascade);
        ArgumentNullException.ThrowIfNull(scope);
        if (cascade.Private(request, broker) is { } own)
        {
            return ValueTask.FromResult(own);
        }

        var (scoped, refused) = cascade.Sources.Apply(request, broker);
        if (refused is not null)
        {
            return ValueTask.FromResult(ResolveOutcome.Failure(refused));
        }

        // No remote source configured: the broker answers synchronously from its memo (the hot path allocates nothing here).
        return resolver is null ? ValueTask.FromResult(broker.Resolve(scoped))
            : resolver.Remote.Any ? resolver.ResolveAsync(broker, scoped, scope, cancellationToken)
            : ValueTask.FromResult(resolver.ResolveLocal(broker, scoped));
    }

    /// <summary>
    /// The calculation engine for a tenant, as every caller builds it: the tenant's own factors matched per record date by
    /// the engine, every other factor through <see cref="ResolveAsync"/> with the tenant's source rules; location-based
    /// Scope 2 from <paramref name="hourly"/> when the tenant asks for hourly grid profiles.
    /// </summary>
    public static CalculationEngine Engine(
        FactorResolver? resolver, FactorBroker broker, TenantCascade cascade, ResolveScope scope, SpendConverter? spend, string gwp, IHourlyGridProfile? hourly = null)
    {
        ArgumentNullException.ThrowIfNull(cascade);
        var shared = cascade with { PrivateFactors = PrivateFactorBook.Empty };
        return new CalculationEngine(broker, (request, token) => ResolveAsync(resolver, broker, request, shared, scope, token), cascade.PrivateFactors, spend, gwp, hourly);
    }
}
