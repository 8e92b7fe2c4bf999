using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FactorTrace.Server.Tests.Doubles;

/// <summary>
/// An OpenID Connect issuer on 127.0.0.1 for the browser's authorization-code flow: discovery, keys, an authorize endpoint
/// that signs in <see cref="NextUser"/> at once and sends the browser back with a code, and a token endpoint that checks
/// the client, the redirect, the single use of the code and its PKCE verifier before it answers with a signed id token.
/// </summary>
public sealed class OidcIssuerDouble : IAsyncDisposable
{
    public const string ClientId = "factortrace-web";
    public const string ClientSecret = "issuer-double-secret";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);

    private OidcIssuerDouble(WebApplication app)
    {
        _app = app;
        _key = new RsaSecurityKey(_rsa) { KeyId = "double-key" };
    }

    /// <summary>The issuer's address (its <c>iss</c>).</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>Who the next sign-in at the issuer is: the claims its id token carries (<c>sub</c> is added).</summary>
    public Dictionary<string, string> NextUser { get; set; } = [];

    /// <summary>Token requests refused, and why (a wrong secret, a reused code, a PKCE mismatch).</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <summary>The PKCE challenge methods the authorize requests carried.</summary>
    public ConcurrentQueue<string> ChallengeMethods { get; } = new();

    public static async Task<OidcIssuerDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        var app = builder.Build();
        var issuer = new OidcIssuerDouble(app);
        issuer.Map(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        issuer.Issuer = app.Urls.First();
        return issuer;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["jwks_uri"] = Issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", () => Results.Json(new { keys = new[] { JsonWebKeyConverter.ConvertFromRSASecurityKey(_key) } }));
        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            if (q["client_id"] != ClientId || q["response_type"] != "code" || string.IsNullOrEmpty(q["redirect_uri"]))
            {
                return Results.BadRequest("unknown client or response type");
            }

            ChallengeMethods.Enqueue(q["code_challenge_method"].ToString());
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _grants[code] = new Grant(q["redirect_uri"]!, q["nonce"].ToString(), q["code_challenge"].ToString(), new Dictionary<string, string>(NextUser));
            var separator = q["redirect_uri"].ToString().Contains('?', StringComparison.Ordinal) ? "&" : "?";
            return Results.Redirect($"{q["redirect_uri"]}{separator}code={code}&state={Uri.EscapeDataString(q["state"].ToString())}");
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            Grant? grant = null;
            var refusal = form["client_id"] != ClientId || form["client_secret"] != ClientSecret ? "client authentication failed"
                : form["grant_type"] != "authorization_code" ? "grant type"
                : !_grants.TryRemove(form["code"].ToString(), out grant) ? "unknown or reused code"
                : grant.RedirectUri != form["redirect_uri"] ? "redirect_uri differs"
                : Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge ? "PKCE verifier does not match"
                : null;
            if (refusal is not null)
            {
                Refusals.Enqueue(refusal);
                return Results.Json(new { error = "invalid_grant", error_description = refusal }, statusCode: 400);
            }

            var claims = new List<Claim> { new("nonce", grant!.Nonce) };
            claims.AddRange(grant.User.Select(c => new Claim(c.Key, c.Value)));
            if (!grant.User.ContainsKey("sub"))
            {
                claims.Add(new Claim("sub", "idp|" + grant.User.GetValueOrDefault("email", "someone")));
            }

            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = ClientId,
                IssuedAt = now,
                NotBefore = now.AddSeconds(-5),
                Expires = now.AddMinutes(5),
                Subject = new ClaimsIdentity(claims),
                SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), token_type = "Bearer", expires_in = 300, id_token = idToken });
        });
    }

    private sealed record Grant(string RedirectUri, string Nonce, string Challenge, Dictionary<string, string> User);
}
