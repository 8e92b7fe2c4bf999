using System.Data.Common;
using FactorTrace.Data;
using FactorTrace.Server.Datasets;
using FactorTrace.Server.Factors;
using FactorTrace.Server.Tenancy;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Health;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: 503 until the service can answer requests. Anonymous
/// callers (load balancers, probes) get the overall status and one word per component; platform admins get the detail
/// (errors, row-level security state, cache layers, breakers, sources, where bootstrap credentials were written), which
/// would otherwise tell strangers about the deployment.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new LiveStatus("live"))).AllowAnonymous().DisableRateLimiting().WithTags("Health");
        app.MapGet("/health/ready", ReadyAsync).AllowAnonymous().DisableRateLimiting().WithTags("Health")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").Produces(StatusCodes.Status503ServiceUnavailable, contentType: "application/json");
        return app;
    }

    private static async Task<IResult> ReadyAsync(
        HttpContext http,
        DatasetLoader loader, BrokerHost host, DatabaseInitializer initializer, SystemDbFactory systemDb, IOptions<DatabaseOptions> database,
        FactorTrace.Remote.FactorResolver resolver, FactorTrace.Resilience.DependencyRegistry dependencies, FactorTrace.Grid.Providers.GridProviders grid,
        Tenancy.SharedRateLimitState rateLimits, CancellationToken cancellationToken)
    {
        var (databaseStatus, databaseError) = await PingAsync(initializer, systemDb, cancellationToken).ConfigureAwait(false);
        var loaded = loader.Loaded;
        var broker = host.Broker;
        var datasetsStatus = loaded is null ? (loader.Error is null ? "loading" : "failed") : loaded.Failures.Count == 0 ? "loaded" : "degraded";
        var ready = broker is not null && databaseStatus == "ok";
        var layers = resolver.Cache.Layers;
        var cacheDegraded = layers.Any(l => l.Status is "down" or "read_only");
        var gridDegraded = Grid.GridHealth.Degraded(grid, dependencies);
        var status = !ready ? "not_ready" : datasetsStatus == "degraded" || initializer.RowLevelSecurityEnforced == false || cacheDegraded || gridDegraded ? "degraded" : "ready";
        var code = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        if (Identity.Caller.From(http.User) is not { PlatformAdmin: true })
        {
            return TypedResults.Json(new { status, datasets = new { status = datasetsStatus }, database = new { status = databaseStatus }, grid = new { status = gridDegraded ? "degraded" : "ok" } }, Hosting.ApiJson.Options, statusCode: code);
        }

        var body = new
        {
            status,
            datasets = new
            {
                status = datasetsStatus,
                factors = loaded?.Store.Count,
                failed = loaded?.Failures,
                error = host.Error,
            },
            database = new
            {
                status = databaseStatus,
                provider = database.Value.Provider,
                error = databaseError,
                row_level_security = !database.Value.IsPostgres ? "not_applicable" : initializer.RowLevelSecurityEnforced switch
                {
                    true => "enforced",
                    false => "bypassed",
                    null => "unknown",
                },
                bootstrap_credentials_file = initializer.CredentialsFile,
            },
            cache = layers.Select(l => new { layer = l.Layer, status = l.Status, detail = l.Detail }),
            grid_providers = Grid.GridHealth.Providers(grid, dependencies),
            rate_limits = new { scope = rateLimits.Scope(resolver.Cache.HasSharedLayer), fallbacks = rateLimits.Fallbacks, last_fallback = rateLimits.LastFallback },
            dependencies = dependencies.All.Select(d => new { name = d.Name, breaker = SourceStatus.Breaker(d.State), last_error = d.LastError }),
            sources = broker?.Sources.Sources.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s =>
            {
                var present = s.Datasets.Count(d => loaded!.Datasets.Any(x => x.Info.Id == d));
                return new
                {
                    id = s.Id,
                    status = SourceStatus.Of(s, present, resolver.Remote),
                    datasets_loaded = present,
                    datasets_total = s.Datasets.Count,
                };
            }),
        };
        return TypedResults.Json(body, Hosting.ApiJson.Options, statusCode: code);
    }

    private static async Task<(string Status, string? Error)> PingAsync(DatabaseInitializer initializer, SystemDbFactory systemDb, CancellationToken cancellationToken)
    {
        if (!initializer.IsReady)
        {
            return (initializer.Refused ? "refused" : initializer.Error is null ? "migrating" : "unreachable", initializer.Error);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        (string Status, string? Error) result = ("unreachable", "cannot connect");
        // Twice: after an outage the pool may still hold a connection the server closed, which fails once and is dropped.
        for (var attempt = 0; attempt < 2 && result.Status != "ok"; attempt++)
        {
            try
            {
                var db = systemDb.Create();
                await using (db.ConfigureAwait(false))
                {
                    result = await db.Database.CanConnectAsync(timeout.Token).ConfigureAwait(false) ? ("ok", null) : ("unreachable", "cannot connect");
                }
            }
            catch (Exception ex) when (ex is DbException or OperationCanceledException or InvalidOperationException)
            {
                result = ("unreachable", ex.Message);
            }
        }

        return result;
    }
}

/// <summary>The process answers.</summary>
internal sealed record LiveStatus(string Status);
