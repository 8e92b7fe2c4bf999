using System.Globalization;
using System.Threading.RateLimiting;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Observability;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tenancy;

/// <summary>
/// A batch costs one rate-limit token per item: the request itself took one at the door, the other items are taken
/// here from the same tenant bucket, so batching is not a way around the tenant's limit.
/// </summary>
internal sealed class BatchQuota(IOptions<RateLimiterOptions> options, ServiceMetrics metrics)
{
    public async ValueTask<ProblemHttpResult?> TryConsumeAsync(HttpContext context, int items)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (items <= 1 || options.Value.GlobalLimiter is not { } limiter)
        {
            return null;
        }

        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(context, items - 1, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ArgumentOutOfRangeException)
        {
            metrics.RateLimited();
            return Problems.Create(StatusCodes.Status429TooManyRequests, "rate_limited",
                $"A batch of {items} items is larger than this tenant's burst allowance; send smaller batches.", "items");
        }

        using (lease)
        {
            if (lease.IsAcquired)
            {
                return null;
            }

            metrics.RateLimited();
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return Problems.Create(StatusCodes.Status429TooManyRequests, "rate_limited",
                $"The batch's {items} items exceed the tenant's remaining rate limit; retry after {retryAfter} s.", "items");
        }
    }
}
