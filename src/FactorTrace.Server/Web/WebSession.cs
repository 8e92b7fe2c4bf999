namespace FactorTrace.Server.Web;

/// <summary>
/// The browser session: the service's own token in an HttpOnly, SameSite=Strict cookie (Secure over HTTPS), honoured
/// only outside <c>/api</c> so the JSON API cannot be driven cross-site with it (docs/adr/0009-web-app.md).
/// </summary>
internal static class WebSession
{
    public const string CookieName = "ft_session";

    /// <summary>Whether a request is for the browser application (not the API, health, metrics or OpenAPI).</summary>
    public static bool IsPageRequest(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        && !context.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase) && !context.Request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

    /// <summary>The session token of a page request, when its cookie is there and no Authorization header is.</summary>
    public static string? Token(HttpContext context) =>
        IsPageRequest(context) && !context.Request.Headers.ContainsKey("Authorization") && context.Request.Cookies.TryGetValue(CookieName, out var token)
            && !string.IsNullOrEmpty(token) ? token : null;

    public static void Start(HttpContext context, string token, int expiresInSeconds) =>
        context.Response.Cookies.Append(CookieName, token, Options(context, TimeSpan.FromSeconds(expiresInSeconds)));

    public static void End(HttpContext context) => context.Response.Cookies.Delete(CookieName, Options(context, null));

    private static CookieOptions Options(HttpContext context, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        MaxAge = maxAge,
        IsEssential = true,
    };
}
