using System.Security.Cryptography;
using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Identity;

/// <summary><c>POST /auth/token</c> (e-mail and password, or an API key) and <c>GET /me</c>.</summary>
internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", IssueTokenAsync).AllowAnonymous().WithTags("Identity")
            .Accepts<TokenRequest>("application/json").Produces<TokenResponse>()
            .WithSummary("Exchange e-mail and password, or an API key, for a bearer token.");
        api.MapGet("/me", (TenantContext tenant) => TypedResults.Ok(new MeResponse(tenant.TenantId, tenant.Caller.Kind, tenant.Caller.Subject, tenant.Caller.Role, tenant.Caller.PlatformAdmin)))
            .RequireAuthorization(Policies.Reader).WithTags("Identity");
        return api;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        HttpRequest request, SystemDbFactory systemDb, IPasswordHasher<User> hasher, TokenIssuer issuer, ApiKeyValidator keys, TimeProvider time,
        CancellationToken cancellationToken)
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
                return InvalidCredentials("api_key");
            }

            var (keyToken, keyExpires) = issuer.Issue(new Caller(key.TenantId, key.Role, "key", key.KeyId.ToString(), false), null);
            return TypedResults.Ok(new TokenResponse(keyToken, keyExpires, "Bearer"));
        }

        if (string.IsNullOrWhiteSpace(credentials.Email) || string.IsNullOrEmpty(credentials.Password))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Send {\"email\", \"password\"} or {\"api_key\"}.",
                string.IsNullOrWhiteSpace(credentials.Email) ? "email" : "password");
        }

        var email = credentials.Email.Trim().ToLowerInvariant();
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            var user = await db.Users.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, cancellationToken).ConfigureAwait(false);
            if (user?.PasswordHash is null || user.Disabled)
            {
                // Same work as a real check, so response time does not tell which e-mails exist.
                hasher.VerifyHashedPassword(DummyUser, DummyHash, credentials.Password);
                return InvalidCredentials("password");
            }

            if (hasher.VerifyHashedPassword(user, user.PasswordHash, credentials.Password) == PasswordVerificationResult.Failed)
            {
                return InvalidCredentials("password");
            }

            var caller = new Caller(user.TenantId, user.Role, "user", user.Id.ToString(), user.PlatformAdmin);
            var (token, expiresIn) = issuer.Issue(caller, user.Email);
            db.AuditEvents.Add(AuditLog.NewEvent(time, user.TenantId, caller.Actor, "auth.token_issued", "user", user.Id.ToString(), request.HttpContext.TraceIdentifier));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new TokenResponse(token, expiresIn, "Bearer"));
        }
    }

    private static ProblemHttpResult InvalidCredentials(string field) =>
        Problems.Create(StatusCodes.Status401Unauthorized, "invalid_credentials", "The e-mail and password, or the API key, are not valid.", field);

    private static readonly User DummyUser = new() { Email = "nobody@invalid", Role = Roles.Viewer };
    private static readonly string DummyHash = new PasswordHasher<User>().HashPassword(DummyUser, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
}

internal sealed class TokenRequest
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ApiKey { get; set; }
}

internal sealed record TokenResponse(string AccessToken, int ExpiresIn, string TokenType);

internal sealed record MeResponse(Guid TenantId, string Kind, string Subject, string Role, bool PlatformAdmin);
