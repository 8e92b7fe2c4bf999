using FactorTrace.Server.Hosting;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactorTrace.Server.Identity;

/// <summary><c>POST /auth/token</c> (e-mail and password, or an API key) and <c>GET /me</c>.</summary>
internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", IssueTokenAsync).AllowAnonymous().WithTags("Identity")
            .WithMetadata(SignInEndpoint.Instance)
            .Accepts<TokenRequest>("application/json").Produces<TokenResponse>()
            .WithSummary("Exchange e-mail and password (and the tenant's slug when the e-mail has accounts in several), or an API key, for a bearer token.");
        api.MapGet("/me", (TenantContext tenant) => TypedResults.Ok(new MeResponse(tenant.TenantId, tenant.Caller.Kind, tenant.Caller.Subject, tenant.Caller.Role, tenant.Caller.PlatformAdmin)))
            .RequireAuthorization(Policies.Reader).WithTags("Identity");
        return api;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        HttpRequest request, TokenIssuer issuer, ApiKeyValidator keys, SignInService signIn, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<TokenRequest>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var credentials = body.Value!;
        if (credentials.ApiKey is { Length: > 0 } apiKey)
        {
            var key = await keys.ValidateAsync(apiKey, cancellationToken).ConfigureAwait(false);
            if (key is null)
            {
                return SignInService.InvalidCredentials("api_key");
            }

            // A token exchanged for a key never outlives the key; revoking the key stops the token too (CredentialCheck).
            var (keyToken, keyExpires) = issuer.Issue(new Caller(key.TenantId, key.Role, "key", key.KeyId.ToString(), false), null, null, key.ExpiresAt);
            return TypedResults.Ok(new TokenResponse(keyToken, keyExpires, "Bearer"));
        }

        if (string.IsNullOrWhiteSpace(credentials.Email) || string.IsNullOrEmpty(credentials.Password))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Send {\"email\", \"password\"} or {\"api_key\"}.",
                string.IsNullOrWhiteSpace(credentials.Email) ? "email" : "password");
        }

        return await signIn.SignInAsync(request.HttpContext, credentials.Email, credentials.Password, credentials.Tenant, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Marks the sign-in endpoint: its rate limit is per client address whatever credentials the request carries.</summary>
internal sealed class SignInEndpoint
{
    public static SignInEndpoint Instance { get; } = new();
}

internal sealed class TokenRequest
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>The tenant's slug; needed only when the e-mail and password match accounts in several tenants.</summary>
    public string? Tenant { get; set; }
}

internal sealed record TokenResponse(string AccessToken, int ExpiresIn, string TokenType);

internal sealed record MeResponse(Guid TenantId, string Kind, string Subject, string Role, bool PlatformAdmin);
