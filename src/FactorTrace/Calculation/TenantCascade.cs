using FactorTrace.Broker;

namespace FactorTrace.Calculation;

/// <summary>
/// What a tenant adds to the shared cascade: its own factors first, then its source rules. Every caller that resolves
/// for a tenant (the API, the CLI, calculations) goes through it.
/// </summary>
/// <param name="Sources">The tenant's source order and allowed sources.</param>
/// <param name="PrivateFactors">The tenant's own factors.</param>
public sealed record TenantCascade(TenantSourceRules Sources, PrivateFactorBook PrivateFactors)
{
    /// <summary>No tenant rules and no own factors.</summary>
    public static TenantCascade None { get; } = new(TenantSourceRules.None, PrivateFactorBook.Empty);

    /// <summary>
    /// The tenant's own factor for the request, first in its cascade (unless the request names sources without
    /// <c>tenant-private</c>); null to go on with the shared sources, also when its unit does not convert.
    /// </summary>
    public ResolveOutcome? Private(FactorRequest request, FactorBroker broker)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(broker);
        if (PrivateFactors.Count == 0
            || (request.Sources is { Count: > 0 } named && !named.Contains(PrivateFactorBook.SourceId, StringComparer.OrdinalIgnoreCase)))
        {
            return null;
        }

        var region = broker.Regions.Normalize(request.Region ?? "");
        if (request.Year is < 1 or > 9998 || PrivateFactors.Find(request.Activity, region, new DateOnly(request.Year, 1, 1), new DateOnly(request.Year, 12, 31)) is not { } own)
        {
            return null;
        }

        var outcome = PrivateFactorBook.Answer(broker, request with { Region = region }, own);
        return outcome.Answer is null ? null : outcome;
    }
}
