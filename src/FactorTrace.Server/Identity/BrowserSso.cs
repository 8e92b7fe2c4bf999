using FactorTrace.Server.Hosting;
using FactorTrace.Server.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace FactorTrace.Server.Identity;

/// <summary>
/// Single sign-on in the browser: the authorization-code flow with PKCE against the configured issuer
/// (<c>FactorTrace:Auth:Oidc:ClientId</c>). The issuer's answer is not kept as a session of its own: it becomes a user of the
/// tenant and the service's own session cookie (<see cref="ExternalSignIn"/>), so pages, roles and revocation work the same
/// whichever way a person signed in.
/// </summary>
internal static class BrowserSso
{
    public const string Scheme = "sso";
    public const string StartPath = "/sign-in/sso";
    private const string CallbackPath = "/sign-in/sso/callback";
    private const string CorrelationScheme = "sso-correlation";

    public static AuthenticationBuilder AddBrowserSso(this AuthenticationBuilder auth, OidcOptions oidc)
    {
        // The handler needs a sign-in scheme by contract; the ticket is turned into the service's own session before it
        // would be used (OnTicketReceived handles the response), so this cookie is never written.
        auth.AddCookie(CorrelationScheme, o => o.Cookie.Name = "ft_sso");
        return auth.AddOpenIdConnect(Scheme, o =>
        {
            o.SignInScheme = CorrelationScheme;
            o.Authority = oidc.Authority;
            o.ClientId = oidc.ClientId;
            o.ClientSecret = string.IsNullOrWhiteSpace(oidc.ClientSecret) ? null : oidc.ClientSecret;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // The answer comes back as a top-level GET, so the correlation and nonce cookies can be SameSite=Lax.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.CallbackPath = CallbackPath;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.Scope.Add("email");

            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events = new OpenIdConnectEvents
            {
                OnTicketReceived = CompleteAsync,
                OnRemoteFailure = context =>
                {
                    context.HandleResponse();
                    context.Response.Redirect(SignInPage("Your organisation's sign-in did not complete: " + (context.Failure?.Message ?? "no answer")));
                    return Task.CompletedTask;
                },
            };
        });
    }

    /// <summary><c>GET /sign-in/sso?returnUrl=</c>: off to the issuer (404 when single sign-on is not configured).</summary>
    public static IEndpointRouteBuilder MapBrowserSso(this IEndpointRouteBuilder app, OidcOptions oidc)
    {
        if (oidc.BrowserSignIn)
        {
            app.MapGet(StartPath, (string? returnUrl) => Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [Scheme]))
                .AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>A local path to go back to, never another site (an open redirect) and never the sign-in pages themselves.</summary>
    public static string LocalOrHome(string? url) =>
        url is { Length: > 1 } u && u[0] == '/' && u[1] != '/' && u[1] != '\\' && !u.StartsWith("/sign-in", StringComparison.Ordinal) ? u : "/";

    private static async Task CompleteAsync(TicketReceivedContext context)
    {
        context.HandleResponse();
        var signIn = context.HttpContext.RequestServices.GetRequiredService<ExternalSignIn>();
        var outcome = await signIn.SignInAsync(context.HttpContext, context.Principal!, context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (outcome.Token is not { } token)
        {
            context.Response.Redirect(SignInPage(outcome.Refusal!));
            return;
        }

        WebSession.Start(context.HttpContext, token.AccessToken, token.ExpiresIn);
        // The session cookie is SameSite=Strict and this response ends a chain of redirects that began at the issuer, so the
        // browser would not send it on a redirect; a page of ours that moves on by itself starts a same-site navigation.
        context.Response.Redirect("/sign-in/continue?returnUrl=" + Uri.EscapeDataString(LocalOrHome(context.ReturnUri)));
    }

    private static string SignInPage(string error) => "/sign-in?ssoError=" + Uri.EscapeDataString(error.Length > 300 ? error[..300] : error);
}
