using FactorTrace.Broker;
using FactorTrace.Usage;

namespace FactorTrace.Server.Usage;

/// <summary>What the factor endpoints count per answer.</summary>
internal static class UsageCounting
{
    /// <summary>A factor answer served: one lookup, and one licensed lookup when it came from a licensed remote source.</summary>
    public static void CountResolved(this UsageMeter meter, Guid tenantId, ResolveOutcome outcome, FactorBroker broker)
    {
        if (outcome.Answer is not { } answer)
        {
            return;
        }

        meter.Add(tenantId, Meters.FactorLookups);
        if (broker.Sources.Find(answer.Source) is { IsLicensedLookup: true })
        {
            meter.Add(tenantId, Meters.LicensedLookups);
        }
    }
}

/// <summary>Counts an endpoint's successful answers on a meter.</summary>
internal static class MeteredEndpoints
{
    /// <summary>Each 2xx answer of the endpoint counts one on <paramref name="meter"/> for the caller's tenant.</summary>
    public static TBuilder Metered<TBuilder>(this TBuilder builder, string meter)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            http.Response.OnCompleted(() =>
            {
                if (http.Response.StatusCode is >= 200 and < 300 && Identity.Caller.From(http.User) is { } caller)
                {
                    http.RequestServices.GetRequiredService<UsageMeter>().Add(caller.TenantId, meter);
                }

                return Task.CompletedTask;
            });
            return await next(context).ConfigureAwait(false);
        });
}
