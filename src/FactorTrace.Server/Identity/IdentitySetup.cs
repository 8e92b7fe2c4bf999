using System.Security.Claims;
using FactorTrace.Data.Identity;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FactorTrace.Server.Identity;

/// <summary>
/// Authentication: the service's own JWTs, API keys and, when configured, an external OpenID Connect issuer whose tokens
/// carry the tenant slug and role in claims. A policy scheme picks the handler per request.
/// </summary>
internal static class IdentitySetup
{
    private const string Selector = "FactorTrace";
    private const string OwnBearer = JwtBearerDefaults.AuthenticationScheme;
    private const string ExternalBearer = "Oidc";

    public static IServiceCollection AddFactorTraceIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<ApiKeyValidator>();
        services.AddSingleton(sp => CredentialStates.OnBackplane(
            sp.GetRequiredService<FactorTrace.Data.SystemDbFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<ServiceOptions>>(),
            sp.GetRequiredService<FactorTrace.Caching.LayeredCache<FactorTrace.Broker.FactorAnswer>>()));
        services.AddSingleton<SignInService>();
        services.AddSingleton<ExternalSignIn>();
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        var oidc = configuration.GetSection($"{ServiceOptions.SectionName}:Auth:Oidc").Get<OidcOptions>() ?? new OidcOptions();
        var auth = services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "API key or bearer token", o => o.ForwardDefaultSelector = context => SelectScheme(context, oidc))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(OwnBearer, o =>
            {
                o.MapInboundClaims = false;
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = CheckCurrentStateAsync,
                    // The browser's session cookie carries the same token, for page requests only (docs/adr/0009-web-app.md).
                    OnMessageReceived = context =>
                    {
                        context.Token ??= Web.WebSession.Token(context.HttpContext);
                        return Task.CompletedTask;
                    },
                };
            });
        services.AddOptions<JwtBearerOptions>(OwnBearer).Configure<SigningKeyStore, IOptions<ServiceOptions>, TimeProvider>((o, keys, service, time) =>
        {
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = service.Value.Auth.Issuer,
                ValidAudience = TokenIssuer.Audience,
                IssuerSigningKey = keys.Key,
                NameClaimType = FtClaims.Subject,
                RoleClaimType = FtClaims.Role,
                ClockSkew = TimeSpan.FromSeconds(30),
                // Tokens are issued on the service's clock (TokenIssuer), so they are checked on the same one, not on DateTime.UtcNow.
                LifetimeValidator = (notBefore, expires, _, parameters) => TokenLifetime.Valid(notBefore, expires, time.GetUtcNow().UtcDateTime, parameters.ClockSkew),
            };
        });

        if (!string.IsNullOrWhiteSpace(oidc.Authority))
        {
            auth.AddJwtBearer(ExternalBearer, o =>
            {
                o.MapInboundClaims = false;
                o.Authority = oidc.Authority;
                o.Audience = oidc.Audience;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.TokenValidationParameters.NameClaimType = "sub";
                o.Events = new JwtBearerEvents { OnTokenValidated = context => MapExternalAsync(context, oidc) };
            });
        }

        if (oidc.BrowserSignIn)
        {
            auth.AddBrowserSso(oidc);
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Reader, p => p.RequireClaim(FtClaims.Role, Roles.All))
            .AddPolicy(Policies.Editor, p => p.RequireClaim(FtClaims.Role, Roles.Admin, Roles.Editor))
            .AddPolicy(Policies.Admin, p => p.RequireClaim(FtClaims.Role, Roles.Admin))
            .AddPolicy(Policies.Auditor, p => p.RequireClaim(FtClaims.Role, Roles.Admin, Roles.Auditor))
            .AddPolicy(Policies.Platform, p => p.RequireClaim(FtClaims.PlatformAdmin, "true"));
        return services;
    }

    /// <summary>A signed, unexpired token is not enough: its user or key must still be what it was when the token was issued.</summary>
    private static async Task CheckCurrentStateAsync(TokenValidatedContext context)
    {
        var services = context.HttpContext.RequestServices;
        try
        {
            if (await CredentialCheck.RefusalAsync(context.Principal!, services.GetRequiredService<CredentialStates>(), services.GetRequiredService<TimeProvider>(),
                context.HttpContext.RequestAborted).ConfigureAwait(false) is { } refusal)
            {
                context.Fail(refusal);
            }
        }
        catch (System.Data.Common.DbException)
        {
            context.HttpContext.Items[AuthFailure.DatabaseUnavailable] = true;
            context.Fail("The token could not be checked: the database is unavailable.");
        }
    }

    private static string SelectScheme(HttpContext context, OidcOptions oidc)
    {
        if (context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName))
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        if (string.IsNullOrWhiteSpace(oidc.Authority))
        {
            return OwnBearer;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return OwnBearer;
        }

        try
        {
            var issuer = new JsonWebToken(header["Bearer ".Length..].Trim()).Issuer;
            var own = context.RequestServices.GetRequiredService<IOptions<ServiceOptions>>().Value.Auth.Issuer;
            return string.Equals(issuer, own, StringComparison.Ordinal) ? OwnBearer : ExternalBearer;
        }
        catch (ArgumentException)
        {
            return OwnBearer;
        }
    }

    /// <summary>Turns an external token into a FactorTrace principal: tenant slug → tenant id, role checked.</summary>
    private static async Task MapExternalAsync(TokenValidatedContext context, OidcOptions oidc)
    {
        var principal = context.Principal!;
        var slug = principal.FindFirstValue(oidc.TenantClaim);
        var role = principal.FindFirstValue(oidc.RoleClaim);
        if (slug is null || !Roles.IsValid(role))
        {
            context.Fail($"The external token must carry the '{oidc.TenantClaim}' claim and a '{oidc.RoleClaim}' claim of {string.Join(", ", Roles.All)}.");
            return;
        }

        var directory = context.HttpContext.RequestServices.GetRequiredService<TenantDirectory>();
        if (await directory.FindIdAsync(slug, context.HttpContext.RequestAborted).ConfigureAwait(false) is not { } tenantId)
        {
            context.Fail($"The external token names tenant '{slug}', which does not exist.");
            return;
        }

        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(FtClaims.Subject, principal.FindFirstValue("sub") ?? "unknown"),
                new Claim(FtClaims.Tenant, tenantId.ToString()),
                new Claim(FtClaims.Role, role!),
                new Claim(FtClaims.Kind, "external"),
            ],
            ExternalBearer,
            FtClaims.Subject,
            FtClaims.Role));
    }
}

/// <summary>401 and 403 as problem details with a stable code; a 403 says which role the action needs and which the caller has.</summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private static string ForbiddenDetail(AuthorizationPolicy policy, HttpContext context)
    {
        var caller = Caller.From(context.User);
        var needed = policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.ClaimsAuthorizationRequirement>().FirstOrDefault();
        var has = caller is null ? "" : $" Your {(caller.Kind == "key" ? "API key" : "token")} has the role '{caller.Role}'.";
        return needed switch
        {
            { ClaimType: FtClaims.PlatformAdmin } => "This needs a platform administrator." + has,
            { ClaimType: FtClaims.Role, AllowedValues: { } roles } => $"This needs the role {string.Join(" or ", roles.Select(r => $"'{r}'"))}.{has}",
            _ => "The caller's role does not allow this operation." + has,
        };
    }

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (Web.WebSession.IsPageRequest(context) && (authorizeResult.Challenged || authorizeResult.Forbidden))
        {
            // A page answers in words and places: sign in first, or a page saying what the role lacks.
            var target = authorizeResult.Challenged
                ? $"/sign-in?returnUrl={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}"
                : $"/forbidden?needs={Uri.EscapeDataString(ForbiddenDetail(policy, context))}";
            if (authorizeResult.Challenged)
            {
                Web.WebSession.End(context);
            }

            context.Response.Redirect(target);
            return;
        }

        if (authorizeResult.Challenged)
        {
            var problem = context.Items.ContainsKey(AuthFailure.DatabaseUnavailable)
                ? Problems.Create(StatusCodes.Status503ServiceUnavailable, "database_unavailable", "Credentials cannot be checked while the database is unavailable.")
                : Problems.Create(StatusCodes.Status401Unauthorized, "unauthorized",
                    "Send 'Authorization: Bearer <token>' (POST /api/v1/auth/token) or 'X-Api-Key: <key>'.");
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            await Problems.Create(StatusCodes.Status403Forbidden, "forbidden", ForbiddenDetail(policy, context)).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
    }
}
