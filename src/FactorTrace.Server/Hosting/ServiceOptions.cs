using System.ComponentModel.DataAnnotations;

namespace FactorTrace.Server.Hosting;

/// <summary>Settings of the service, section <c>FactorTrace</c> (environment: <c>FactorTrace__…</c>).</summary>
internal sealed class ServiceOptions : IValidatableObject
{
    public const string SectionName = "FactorTrace";

    /// <summary>Folder for the SQLite file, the signing key, bootstrap credentials, the disk cache and downloads.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>
    /// Folder of the keys that protect browser forms (anti-forgery) and cookies; default <c>keys</c> in the data
    /// directory. Instances behind one address must share it (a shared volume), or a form served by one is refused by another.
    /// </summary>
    public string? DataProtectionKeysDirectory { get; set; }

    public BootstrapOptions Bootstrap { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();

    public MetricsOptions Metrics { get; set; } = new();

    public TelemetryOptions Telemetry { get; set; } = new();

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

        if (Bootstrap.AdminPassword is { Length: > 0 } bootstrapPassword
            && FactorTrace.Data.Identity.PasswordPolicy.Check(bootstrapPassword, Bootstrap.AdminEmail) is { } verdict)
        {
            yield return Fail("FactorTrace:Bootstrap:AdminPassword", $"is refused by the password policy ({verdict.Code}): {verdict.Message}", "(hidden)");
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

        if (Auth.Oidc.ClientId is { Length: > 0 } && string.IsNullOrWhiteSpace(Auth.Oidc.Authority))
        {
            yield return Fail("FactorTrace:Auth:Oidc:ClientId", "needs FactorTrace:Auth:Oidc:Authority (the issuer the browser signs in with)", Auth.Oidc.ClientId);
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

        if (RateLimits.SignInPerMinute < 1)
        {
            yield return Fail("FactorTrace:RateLimits:SignInPerMinute", "must be at least 1", RateLimits.SignInPerMinute);
        }

        if (RateLimits.TenantMaxPerMinute is { } cap && cap < 1)
        {
            yield return Fail("FactorTrace:RateLimits:TenantMaxPerMinute", "must be at least 1", cap);
        }

        if (Auth.CredentialCheckSeconds is < 0 or > 300)
        {
            yield return Fail("FactorTrace:Auth:CredentialCheckSeconds", "must be between 0 and 300", Auth.CredentialCheckSeconds);
        }

        if (Auth.Lockout.MaxFailures is < 1 or > 100)
        {
            yield return Fail("FactorTrace:Auth:Lockout:MaxFailures", "must be between 1 and 100", Auth.Lockout.MaxFailures);
        }

        if (Auth.Lockout.FirstLockSeconds < 1 || Auth.Lockout.MaxLockSeconds < Auth.Lockout.FirstLockSeconds)
        {
            yield return Fail("FactorTrace:Auth:Lockout", "needs FirstLockSeconds ≥ 1 and MaxLockSeconds ≥ FirstLockSeconds", $"{Auth.Lockout.FirstLockSeconds}/{Auth.Lockout.MaxLockSeconds}");
        }

        if (Metrics.Port is < 0 or > 65535)
        {
            yield return Fail("FactorTrace:Metrics:Port", "must be a TCP port (1–65535) or 0 for the main port", Metrics.Port);
        }

        if (Metrics.ScrapeToken is { Length: > 0 and < 16 })
        {
            yield return Fail("FactorTrace:Metrics:ScrapeToken", "must be at least 16 characters", "(hidden)");
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

    /// <summary>
    /// How long one instance trusts what it last read of a user's or key's state (role, disabled, stamp, revocation)
    /// before reading it again. Changes made on this instance, or announced over Redis, take effect at once.
    /// </summary>
    public int CredentialCheckSeconds { get; set; } = 5;

    public LockoutOptions Lockout { get; set; } = new();
}

/// <summary>Per-account sign-in lockout: after <see cref="MaxFailures"/> failures in a row, a cool-down that doubles on each further failure.</summary>
internal sealed class LockoutOptions
{
    public int MaxFailures { get; set; } = 5;

    public int FirstLockSeconds { get; set; } = 60;

    public int MaxLockSeconds { get; set; } = 900;
}

/// <summary>Trace export (section <c>FactorTrace:Telemetry</c>).</summary>
internal sealed class TelemetryOptions
{
    /// <summary>
    /// OTLP endpoint of a collector (<c>http://collector:4318</c>, HTTP/protobuf). When set, spans of requests, factor
    /// resolution, the cache layers, PostgreSQL commands and outgoing HTTP calls are exported; unset, nothing is traced.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>The service name the spans carry.</summary>
    public string ServiceName { get; set; } = "factortrace";
}

/// <summary>Who may read <c>/metrics</c>.</summary>
internal sealed class MetricsOptions
{
    /// <summary>Serve <c>/metrics</c> only on this extra port (bind it to a private interface); 0 serves it on the main port to authorised callers.</summary>
    public int Port { get; set; }

    /// <summary>Address the metrics port listens on.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>A bearer token a scraper sends (<c>Authorization: Bearer &lt;token&gt;</c>); platform admins' tokens work too.</summary>
    public string? ScrapeToken { get; set; }

    /// <summary>Serve <c>/metrics</c> on the main port to anyone (not recommended: it counts every tenant's traffic).</summary>
    public bool AllowAnonymous { get; set; }
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

    /// <summary>The service's client id at the issuer; set, the sign-in page offers single sign-on (authorization-code flow with PKCE).</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret, for issuers that require a confidential client; empty for a public client (PKCE only).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The issuer's name on the sign-in button ("Sign in with …").</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>Claim that carries the user's e-mail (the account a browser sign-in is matched to, or provisioned as).</summary>
    public string EmailClaim { get; set; } = "email";

    /// <summary>Whether browser sign-in is on.</summary>
    public bool BrowserSignIn => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
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

    /// <summary>Requests per minute per client address before authentication (health, documents).</summary>
    public int AnonymousPerMinute { get; set; } = 600;

    /// <summary>Sign-in attempts per minute per client address, whatever the request carries.</summary>
    public int SignInPerMinute { get; set; } = 30;

    /// <summary>The most requests per minute a tenant's admins may set, unless a platform admin gives the tenant another cap; null: <see cref="DefaultPerMinute"/>.</summary>
    public int? TenantMaxPerMinute { get; set; }

    /// <summary>The cap that applies to a tenant without its own.</summary>
    public int EffectiveTenantMax => TenantMaxPerMinute ?? DefaultPerMinute;
}
