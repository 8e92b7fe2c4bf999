using System.Security.Claims;
using FactorTrace.Server.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FactorTrace.Server.Identity;

/// <summary>Issues the service's own bearer tokens (HS256 JWT).</summary>
internal sealed class TokenIssuer(SigningKeyStore keys, IOptions<ServiceOptions> options, TimeProvider time)
{
    public const string Audience = "factortrace-api";

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A token for the caller; never valid past <paramref name="notAfter"/> (the expiry of the key it was exchanged for).</summary>
    public (string Token, int ExpiresIn) Issue(Caller caller, string? email, Guid? securityStamp = null, DateTime? notAfter = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = TimeSpan.FromMinutes(options.Value.Auth.TokenLifetimeMinutes);
        if (notAfter is { } limit && limit - now < lifetime)
        {
            // A key that expires this very moment still yields a valid token shape; the per-request check refuses it.
            lifetime = limit - now > TimeSpan.FromSeconds(1) ? limit - now : TimeSpan.FromSeconds(1);
        }

        var claims = new List<Claim>
        {
            new(FtClaims.Subject, caller.Subject),
            new(FtClaims.Tenant, caller.TenantId.ToString()),
            new(FtClaims.Role, caller.Role),
            new(FtClaims.Kind, caller.Kind),
        };
        if (email is not null)
        {
            claims.Add(new Claim(FtClaims.Email, email));
        }

        if (securityStamp is { } stamp)
        {
            claims.Add(new Claim(FtClaims.SecurityStamp, stamp.ToString("N")));
        }

        if (caller.PlatformAdmin)
        {
            claims.Add(new Claim(FtClaims.PlatformAdmin, "true"));
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Auth.Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, (int)Math.Ceiling(lifetime.TotalSeconds));
    }
}
