namespace FactorTrace.Server.Hosting;

/// <summary>
/// Every error leaves as a problem with a stable code: unknown routes and methods, bad query or route values, bodies
/// the framework refused, and — never for bad input — unexpected failures (<c>internal_error</c>, logged with the request id).
/// </summary>
internal static partial class ErrorHandling
{
    public static IServiceCollection AddProblemResponses(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.TryAdd("request_id", context.HttpContext.TraceIdentifier);
            if (IsDatabaseFailure(context.Exception))
            {
                context.ProblemDetails.Title = "The database cannot be reached.";
                context.ProblemDetails.Detail = "The database is unavailable; factor answers that need no stored data keep working. Retry shortly.";
                context.ProblemDetails.Extensions["code"] = "database_unavailable";
            }

            if (!context.ProblemDetails.Extensions.ContainsKey("code"))
            {
                context.ProblemDetails.Extensions["code"] = context.ProblemDetails.Status switch
                {
                    404 => "not_found",
                    405 => "method_not_allowed",
                    413 => "payload_too_large",
                    415 => "unsupported_media_type",
                    >= 500 => "internal_error",
                    _ => "invalid_request",
                };
            }
        });
        return services;
    }

    /// <summary>A database that is down or unreachable (directly, or wrapped by EF Core's retry and update exceptions).</summary>
    public static bool IsDatabaseFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                _ when IsDatabaseFailure(ex) => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        return app;
    }
}
