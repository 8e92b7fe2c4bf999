using System.Data.Common;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Identity;

/// <summary>Authenticates <c>X-Api-Key: ft_…</c>.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        ApiKeyIdentity? identity;
        try
        {
            identity = await validator.ValidateAsync(values[0] ?? "", Context.RequestAborted).ConfigureAwait(false);
        }
        catch (DbException)
        {
            Context.Items[AuthFailure.DatabaseUnavailable] = true;
            return AuthenticateResult.Fail("The key could not be checked: the database is unavailable.");
        }

        if (identity is null)
        {
            return AuthenticateResult.Fail("The API key is not valid, expired or revoked.");
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(FtClaims.Subject, identity.KeyId.ToString()),
                new Claim(FtClaims.Tenant, identity.TenantId.ToString()),
                new Claim(FtClaims.Role, identity.Role),
                new Claim(FtClaims.Kind, "key"),
            ],
            SchemeName,
            FtClaims.Subject,
            FtClaims.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}

/// <summary>Marks on <c>HttpContext.Items</c> why authentication failed, for the problem response.</summary>
internal static class AuthFailure
{
    public const string DatabaseUnavailable = "factortrace.auth.database_unavailable";
}
