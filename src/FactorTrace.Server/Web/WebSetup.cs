using FactorTrace.Server.Identity;
using Microsoft.Extensions.FileProviders;

namespace FactorTrace.Server.Web;

/// <summary>The browser application: Razor Pages under <c>Web/Pages</c>, anti-forgery, and the security headers of every page.</summary>
internal static class WebSetup
{
    /// <summary>What every page response carries: nothing but this origin's own scripts, styles and images.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static IServiceCollection AddWebApp(this IServiceCollection services)
    {
        // The pages are found in this assembly whichever assembly hosts the service (the tests host it too).
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Web/Pages";
            o.Conventions.AuthorizeFolder("/", Policies.Reader);
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AllowAnonymousToPage("/SignInContinue");
            o.Conventions.AllowAnonymousToPage("/Forbidden");
            o.Conventions.AllowAnonymousToPage("/Error");
        }).AddApplicationPart(typeof(WebSetup).Assembly);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ft_antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "X-CSRF-Token";
        });
        services.AddScoped<WebChrome>();
        return services;
    }

    /// <summary>The static files (<c>wwwroot</c>, copied beside the binaries).</summary>
    public static IApplicationBuilder UseWebStaticFiles(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")) });

    /// <summary>Security headers on page and static responses (the API's JSON gets its own defaults).</summary>
    public static IApplicationBuilder UseWebSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (WebSession.IsPageRequest(context))
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        }

        await next(context).ConfigureAwait(false);
    });
}
