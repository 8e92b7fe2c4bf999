using System.Collections.Frozen;

namespace FactorTrace.Broker;

/// <summary>
/// A tenant's source rules: its priority order (else the service order) and the sources it may use (else all). Sources
/// named in a request must be allowed; a request that names none gets the tenant's effective order.
/// </summary>
/// <param name="SourcePriority">Source ids in the tenant's order; null for the service order.</param>
/// <param name="AllowedSources">Source ids the tenant may use; null for all.</param>
public sealed record TenantSourceRules(IReadOnlyList<string>? SourcePriority, FrozenSet<string>? AllowedSources)
{
    private (IReadOnlyList<string> ServiceOrder, IReadOnlyList<string> Effective)? _order;

    /// <summary>No rules: the service order, every source.</summary>
    public static TenantSourceRules None { get; } = new(null, null);

    /// <summary>True when the tenant changes nothing.</summary>
    public bool IsDefault => SourcePriority is null && AllowedSources is null;

    /// <summary>Rules from the stored comma-separated lists (null or blank: no rule).</summary>
    public static TenantSourceRules Parse(string? sourcePriority, string? allowedSources)
    {
        var priority = Split(sourcePriority);
        var allowed = Split(allowedSources)?.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        return priority is null && allowed is null ? None : new TenantSourceRules(priority, allowed);
    }

    /// <summary>The tenant's order of <paramref name="serviceOrder"/>'s sources, without those it may not use (computed once per order).</summary>
    public IReadOnlyList<string> EffectiveOrder(IReadOnlyList<string> serviceOrder)
    {
        ArgumentNullException.ThrowIfNull(serviceOrder);
        if (_order is { } cached && ReferenceEquals(cached.ServiceOrder, serviceOrder))
        {
            return cached.Effective;
        }

        var order = SourcePriority ?? serviceOrder;
        var effective = AllowedSources is { } allowed ? order.Where(allowed.Contains).ToList() : order;
        _order = (serviceOrder, effective);
        return effective;
    }

    /// <summary>The request with the tenant's sources, or the error when it names a source the tenant may not use.</summary>
    public (FactorRequest Request, BrokerError? Error) Apply(FactorRequest request, FactorBroker broker)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(broker);
        if (request.Sources is { } named)
        {
            if (AllowedSources is { } allowed && named.FirstOrDefault(s => !allowed.Contains(s)) is { } refused && broker.Sources.Find(refused) is not null)
            {
                return (request, new BrokerError(BrokerErrorCodes.SourceNotAllowed, "sources", $"This tenant may not use source '{refused}'.", allowed.Order(StringComparer.Ordinal).ToList()));
            }

            return (request, null);
        }

        return IsDefault ? (request, null) : (request with { Sources = EffectiveOrder(broker.SourceOrder) }, null);
    }

    private static string[]? Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
