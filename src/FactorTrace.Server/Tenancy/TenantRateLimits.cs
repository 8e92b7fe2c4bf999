using System.Globalization;
using System.Threading.RateLimiting;
using FactorTrace.Broker;
using FactorTrace.Caching;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Observability;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tenancy;

/// <summary>
/// One token bucket per tenant (its settings' requests per minute, else the service default; bursts of up to ten
/// seconds' worth), and one per client address before authentication. Refusals are 429 problems with Retry-After.
/// With Redis configured (<c>FactorTrace:Cache:Redis</c>) the buckets live there and every instance draws from the same
/// one (<see cref="SharedTokenBucket"/>); otherwise, or while Redis cannot answer, each instance keeps its own.
/// </summary>
internal static class TenantRateLimits
{
    public static IServiceCollection AddTenantRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddSingleton<SharedRateLimitState>();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ServiceOptions>, LayeredCache<FactorAnswer>, SharedRateLimitState>((o, service, cache, state) =>
        {
            var limits = service.Value.RateLimits;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (Guid Tenant, string Address, int PerMinute)>(context =>
            {
                var tenant = context.Features.Get<TenantContext>();
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                // Sign-in is limited per client address whatever the request carries: a valid token must not lift it.
                (Guid Tenant, string Address, int PerMinute) partition =
                    context.GetEndpoint()?.Metadata.GetMetadata<Identity.SignInEndpoint>() is not null ? (Guid.Empty, "sign-in " + address, limits.SignInPerMinute)
                    : tenant is null ? (Guid.Empty, address, limits.AnonymousPerMinute)
                    : (tenant.TenantId, "", tenant.Policy.EffectiveRateLimit(limits));
                return cache.HasSharedLayer
                    ? RateLimitPartition.Get(partition, key => Shared(key, cache, state))
                    : RateLimitPartition.GetTokenBucketLimiter(partition, key => Bucket(key.PerMinute));
            });
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                rejected.HttpContext.RequestServices.GetRequiredService<ServiceMetrics>().RateLimited();
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Problems.Create(StatusCodes.Status429TooManyRequests, "rate_limited",
                    $"The request rate limit was reached; retry after {retryAfter} s.").ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
            };
        });
        return services;
    }

    private static SharedTokenBucket Shared((Guid Tenant, string Address, int PerMinute) partition, LayeredCache<FactorAnswer> cache, SharedRateLimitState state)
    {
        var bucket = Bucket(partition.PerMinute);
        var key = partition.Tenant != Guid.Empty ? $"rate-limit:tenant:{partition.Tenant:N}" : $"rate-limit:address:{partition.Address}";
        return new SharedTokenBucket(key, bucket.TokenLimit, partition.PerMinute / 60.0, new TokenBucketRateLimiter(bucket), cache, state);
    }

    private static TokenBucketRateLimiterOptions Bucket(int perMinute)
    {
        // Below one request per second the bucket refills one token at a time; above, once a second.
        var slow = perMinute < 60;
        var perPeriod = slow ? 1 : (int)Math.Ceiling(perMinute / 60.0);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = slow ? perMinute : perPeriod * 10,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = slow ? TimeSpan.FromSeconds(60.0 / perMinute) : TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
