using FactorTrace.Server.Hosting;

namespace FactorTrace.Server.Factors;

/// <summary>
/// Answers 503 <c>datasets_not_ready</c> (with why: still loading, or the error) before a handler that needs the broker
/// runs; the handler then takes <see cref="BrokerHost.Ready"/>. Runs after authorization and parameter binding, where
/// each handler's own check used to be.
/// </summary>
internal sealed class BrokerReadyFilter : IEndpointFilter
{
    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var host = context.HttpContext.RequestServices.GetRequiredService<BrokerHost>();
        return host.Broker is null ? ValueTask.FromResult<object?>(Problems.DatasetsNotReady(host.Error)) : next(context);
    }
}

/// <summary>The broker-ready requirement on an endpoint or a route group.</summary>
internal static class BrokerReadyEndpoints
{
    /// <summary>Refuses requests with 503 until the broker is built (<see cref="BrokerReadyFilter"/>).</summary>
    public static TBuilder RequireBrokerReady<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new BrokerReadyFilter());
}
