using System.Security.Cryptography;
using System.Text;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Observability;

/// <summary>
/// Who may read <c>/metrics</c>, which counts every tenant's traffic and denials: with <c>Metrics:Port</c> set, only
/// callers on that port (bind it to a private interface for the scraper) and nobody on the main port; otherwise a
/// scraper presenting <c>Metrics:ScrapeToken</c> as a bearer token, or a platform admin, unless <c>Metrics:AllowAnonymous</c>.
/// </summary>
internal sealed class MetricsAccess(RequestDelegate next, IOptions<ServiceOptions> options)
{
    public const string Path = "/metrics";

    public async Task InvokeAsync(HttpContext context)
    {
        var metrics = options.Value.Metrics;
        var onMetricsPort = metrics.Port > 0 && context.Connection.LocalPort == metrics.Port;
        if (!context.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase))
        {
            if (onMetricsPort)
            {
                // The metrics port serves metrics and nothing else.
                await Problems.Create(StatusCodes.Status404NotFound, "not_found", "This port serves /metrics only.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
            return;
        }

        if (metrics.Port > 0 ? onMetricsPort : metrics.AllowAnonymous || HasScrapeToken(context, metrics.ScrapeToken) || Caller.From(context.User) is { PlatformAdmin: true })
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (metrics.Port > 0)
        {
            await Problems.Create(StatusCodes.Status404NotFound, "not_found", "Metrics are served on their own port.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.Create(StatusCodes.Status401Unauthorized, "unauthorized",
            "Metrics need the scrape token (FactorTrace:Metrics:ScrapeToken) or a platform admin's token as 'Authorization: Bearer …'.").ExecuteAsync(context).ConfigureAwait(false);
    }

    private static bool HasScrapeToken(HttpContext context, string? expected)
    {
        if (string.IsNullOrEmpty(expected))
        {
            return false;
        }

        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(expected));
    }
}
