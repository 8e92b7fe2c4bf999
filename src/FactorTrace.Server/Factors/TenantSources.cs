using FactorTrace.Broker;
using FactorTrace.Server.Tenancy;

namespace FactorTrace.Server.Factors;

/// <summary>
/// A tenant's source rules applied to a request: sources named in the request must be allowed; otherwise the tenant's
/// priority order (else the service order) is used, without the sources the tenant may not use.
/// </summary>
internal static class TenantSources
{
    public static IReadOnlyList<string> EffectiveOrder(TenantPolicy policy, IReadOnlyList<string> serviceOrder)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var order = policy.SourcePriority ?? serviceOrder;
        return policy.AllowedSources is { } allowed ? order.Where(allowed.Contains).ToList() : order;
    }

    /// <summary>The request with the tenant's sources, or the error when it names a source the tenant may not use.</summary>
    public static (FactorRequest Request, BrokerError? Error) Apply(FactorRequest request, TenantPolicy policy, FactorBroker broker)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(broker);
        if (request.Sources is { } named)
        {
            if (policy.AllowedSources is { } allowed && named.FirstOrDefault(s => !allowed.Contains(s)) is { } refused && broker.Sources.Find(refused) is not null)
            {
                return (request, new BrokerError("source_not_allowed", "sources", $"This tenant may not use source '{refused}'.", allowed.Order(StringComparer.Ordinal).ToList()));
            }

            return (request, null);
        }

        if (policy.SourcePriority is null && policy.AllowedSources is null)
        {
            return (request, null);
        }

        return (request with { Sources = policy.Order ??= EffectiveOrder(policy, broker.SourceOrder) }, null);
    }
}
