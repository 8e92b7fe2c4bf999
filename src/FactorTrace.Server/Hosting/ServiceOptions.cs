using System.ComponentModel.DataAnnotations;

namespace FactorTrace.Server.Hosting;

/// <summary>Settings of the service, section <c>FactorTrace</c> (environment: <c>FactorTrace__…</c>).</summary>
internal sealed class ServiceOptions : IValidatableObject
{
    public const string SectionName = "FactorTrace";

    /// <summary>Folder for the SQLite file, the signing key, bootstrap credentials, the disk cache and downloads.</summary>
    public string DataDirectory { get; set; } = "";

    public BootstrapOptions Bootstrap { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            yield return Fail("FactorTrace:DataDirectory", "is empty; set it to a writable folder", DataDirectory);
        }

        if (Bootstrap.AdminEmail is { Length: > 0 } email && !email.Contains('@', StringComparison.Ordinal))
        {
            yield return Fail("FactorTrace:Bootstrap:AdminEmail", "is not an e-mail address", email);
        }

        if (Bootstrap.AdminPassword is { Length: > 0 and < 12 })
        {
            yield return Fail("FactorTrace:Bootstrap:AdminPassword", "must be at least 12 characters", "(hidden)");
        }

        if (Auth.TokenLifetimeMinutes is < 1 or > 1440)
        {
            yield return Fail("FactorTrace:Auth:TokenLifetimeMinutes", "must be between 1 and 1440", Auth.TokenLifetimeMinutes);
        }

        if (Auth.SigningKey is { Length: > 0 } key && (!IsBase64(key, out var bytes) || bytes < 32))
        {
            yield return Fail("FactorTrace:Auth:SigningKey", "must be base64 of at least 32 random bytes", "(hidden)");
        }

        if (Auth.Oidc.Authority is { Length: > 0 } authority)
        {
            if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                yield return Fail("FactorTrace:Auth:Oidc:Authority", "must be an absolute http(s) URL", authority);
            }

            if (string.IsNullOrWhiteSpace(Auth.Oidc.Audience))
            {
                yield return Fail("FactorTrace:Auth:Oidc:Audience", "is required when an OpenID Connect authority is set", "");
            }
        }

        if (Api.MaxBatchItems is < 1 or > 100_000)
        {
            yield return Fail("FactorTrace:Api:MaxBatchItems", "must be between 1 and 100000", Api.MaxBatchItems);
        }

        if (Api.MaxRequestBodyBytes is < 1024 or > 512L * 1024 * 1024)
        {
            yield return Fail("FactorTrace:Api:MaxRequestBodyBytes", "must be between 1 KiB and 512 MiB", Api.MaxRequestBodyBytes);
        }

        if (RateLimits.DefaultPerMinute < 1)
        {
            yield return Fail("FactorTrace:RateLimits:DefaultPerMinute", "must be at least 1", RateLimits.DefaultPerMinute);
        }

        if (RateLimits.AnonymousPerMinute < 1)
        {
            yield return Fail("FactorTrace:RateLimits:AnonymousPerMinute", "must be at least 1", RateLimits.AnonymousPerMinute);
        }
    }

    private static ValidationResult Fail(string setting, string problem, object? value) =>
        new($"{setting} {problem} (got '{value}').", [setting]);

    private static bool IsBase64(string text, out int length)
    {
        var buffer = new byte[text.Length];
        var ok = Convert.TryFromBase64String(text, buffer, out length);
        return ok;
    }
}

internal sealed class BootstrapOptions
{
    /// <summary>E-mail of the first admin, created with the <c>default</c> tenant on first start.</summary>
    public string? AdminEmail { get; set; }

    /// <summary>Password of the first admin; when empty a random one is generated and written to the data directory.</summary>
    public string? AdminPassword { get; set; }
}

internal sealed class AuthOptions
{
    /// <summary>Base64 HMAC key for the tokens the service issues; empty generates one in the data directory.</summary>
    public string? SigningKey { get; set; }

    public int TokenLifetimeMinutes { get; set; } = 60;

    public string Issuer { get; set; } = "factortrace";

    public OidcOptions Oidc { get; set; } = new();
}

internal sealed class OidcOptions
{
    /// <summary>External OpenID Connect issuer; empty turns external tokens off.</summary>
    public string? Authority { get; set; }

    public string? Audience { get; set; }

    /// <summary>Claim that carries the tenant slug.</summary>
    public string TenantClaim { get; set; } = "tenant";

    /// <summary>Claim that carries the role (admin, editor, viewer, auditor).</summary>
    public string RoleClaim { get; set; } = "role";

    public bool RequireHttpsMetadata { get; set; } = true;
}

internal sealed class ApiOptions
{
    public int MaxBatchItems { get; set; } = 10_000;

    public long MaxRequestBodyBytes { get; set; } = 16L * 1024 * 1024;
}

internal sealed class RateLimitOptions
{
    /// <summary>Requests per minute per tenant unless the tenant's settings say otherwise.</summary>
    public int DefaultPerMinute { get; set; } = 120_000;

    /// <summary>Requests per minute per client address before authentication (sign-in, health, documents).</summary>
    public int AnonymousPerMinute { get; set; } = 600;
}
