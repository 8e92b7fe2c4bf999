using FactorTrace.Remote;
using FactorTrace.Resilience;
using FactorTrace.Server.Factors;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;

namespace FactorTrace.Server.Caching;

/// <summary>
/// <c>GET /api/v1/factor-broker/health</c>: cache hit rate and per-layer latency, per-source status and breaker state,
/// every dependency's circuit. <c>POST /api/v1/factor-broker/cache/invalidate</c>: drop a key or a prefix on every instance.
/// </summary>
internal static class BrokerHealthEndpoints
{
    public static RouteGroupBuilder MapBrokerHealthEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/factor-broker").WithTags("Factor broker");
        group.MapGet("/health", Health).RequireAuthorization(Policies.Reader)
            .WithSummary("Cache hit rate, average and p95 latency per layer, per-source status and circuit-breaker state.");
        group.MapPost("/cache/invalidate", InvalidateAsync).RequireAuthorization(Policies.Platform)
            .WithSummary("Removes one key ({\"key\"}) or every key with a prefix ({\"prefix\"}) from every cache layer on every instance.");
        return api;
    }

    private static IResult Health(BrokerHost host, FactorResolver resolver, DependencyRegistry dependencies, FactorTrace.Grid.Providers.GridProviders grid)
    {
        var broker = host.Broker;
        var stats = resolver.Cache.Stats.Snapshot();
        var layers = resolver.Cache.Layers.ToDictionary(l => l.Layer, StringComparer.Ordinal);
        var breakers = dependencies.All.ToList();
        var rank = broker?.SourceOrder.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.OrdinalIgnoreCase);
        var status = broker is null ? "not_ready"
            : breakers.Any(d => d.IsOpen) || layers.Values.Any(l => l.Status is "down" or "read_only") ? "degraded" : "ok";
        return Results.Json(new
        {
            status,
            cache = new
            {
                requests = stats.Requests,
                hit_rate = stats.HitRate,
                stale_served = stats.StaleServed,
                generation = broker is null ? null : resolver.GenerationPrefix(broker),
                layers = stats.Layers.Select(l => new
                {
                    layer = l.Layer,
                    status = layers[l.Layer].Status,
                    detail = layers[l.Layer].Detail,
                    hits = l.Hits,
                    misses = l.Misses,
                    hit_rate = l.HitRate,
                    errors = l.Errors,
                    average_ms = l.AverageMs,
                    p95_ms = l.P95Ms,
                }),
            },
            sources = broker?.Sources.Sources.OrderBy(s => rank!.GetValueOrDefault(s.Id, int.MaxValue)).Select(s =>
            {
                var dependency = resolver.Remote.Find(s.Id)?.Dependency;
                return new
                {
                    id = s.Id,
                    remote = s.IsRemote,
                    status = SourceStatus.Of(s, s.Datasets.Count(d => broker.Store.DatasetIds.Contains(d, StringComparer.Ordinal)), resolver.Remote),
                    breaker = dependency is null ? null : SourceStatus.Breaker(dependency.State),
                    bulk_export = s.LicencePolicy.BulkExport,
                    max_cache_age_seconds = s.LicencePolicy.MaxCacheAge?.TotalSeconds,
                };
            }),
            dependencies = breakers.Select(d => new
            {
                name = d.Name,
                kind = d.Kind.ToString().ToLowerInvariant(),
                breaker = SourceStatus.Breaker(d.State),
                successes = d.Counts.Successes,
                failures = d.Counts.Failures,
                rejected = d.Counts.Rejections,
                last_error = d.LastError,
                last_transition = d.LastTransition,
                settings = new
                {
                    timeout_ms = d.Policy.Timeout.TotalMilliseconds,
                    max_retries = d.Policy.MaxRetries,
                    failure_ratio = d.Policy.FailureRatio,
                    minimum_throughput = d.Policy.MinimumThroughput,
                    sampling_seconds = d.Policy.SamplingDuration.TotalSeconds,
                    break_seconds = d.Policy.BreakDuration.TotalSeconds,
                },
            }),
            grid_providers = Grid.GridHealth.Providers(grid, dependencies),
            licence = new { max_licensed_factors_per_tenant_per_day = resolver.Guard.MaxPerDay, refused = resolver.Guard.Refused },
        }, ApiJson.Options);
    }

    private static async Task<IResult> InvalidateAsync(HttpRequest request, TenantContext tenant, FactorResolver resolver, AuditLog audit, FactorTrace.Data.FactorTraceDb db, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<InvalidateBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (key, prefix) = (body.Value!.Key, body.Value.Prefix);
        if ((key is null) == (prefix is null) || (key ?? prefix)!.Length == 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", "Give exactly one of 'key' or 'prefix'.", key is null ? "prefix" : "key");
        }

        var ns = resolver.Cache.Namespace + ":";
        if (!(key ?? prefix)!.StartsWith(ns, StringComparison.Ordinal))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", $"Cache keys start with '{ns}'.", key is null ? "prefix" : "key");
        }

        long removed;
        if (key is not null)
        {
            await resolver.Cache.RemoveAsync(key).ConfigureAwait(false);
            removed = 1;
        }
        else
        {
            removed = await resolver.Cache.RemoveByPrefixAsync(prefix!).ConfigureAwait(false);
        }

        audit.Add(tenant.Caller, "cache.invalidate", "cache", key ?? prefix, $"removed {removed}");
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException)
        {
            // The invalidation happened; the database being down must not turn it into an error.
        }

        return TypedResults.Json(new { key, prefix, removed }, ApiJson.Options);
    }

    internal sealed record InvalidateBody(string? Key, string? Prefix);
}
