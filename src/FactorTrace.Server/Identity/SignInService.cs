using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Observability;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Identity;

/// <summary>
/// Password sign-in. E-mail addresses are unique per tenant, so one e-mail may have accounts in several tenants: the
/// password is checked against each (the tenant's slug narrows it). Every failure is counted per account; after
/// <c>Auth:Lockout:MaxFailures</c> in a row the account is locked for a cool-down that doubles with each further failure
/// up to <c>MaxLockSeconds</c> (never permanently), stored on the user so every instance honours it. E-mails without an
/// account are counted in memory the same way, so the answers do not tell which e-mails exist. Failures go to the
/// account's tenant audit log, the platform security log, the log and the metrics.
/// </summary>
internal sealed class SignInService(
    SystemDbFactory systemDb,
    IPasswordHasher<User> hasher,
    TokenIssuer issuer,
    SecurityLog security,
    ServiceMetrics metrics,
    TimeProvider time,
    IOptions<ServiceOptions> options)
{
    private static readonly User DummyUser = new() { Email = "nobody@invalid", Role = Roles.Viewer };
    private static readonly string DummyHash = new PasswordHasher<User>().HashPassword(DummyUser, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

    private readonly ConcurrentDictionary<string, (int Failures, DateTime? LockedUntil)> _unknown = new(StringComparer.Ordinal);

    public async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> SignInAsync(HttpContext http, string emailText, string password, string? tenantSlug, CancellationToken cancellationToken)
    {
        var email = emailText.Trim().ToLowerInvariant();
        var now = time.GetUtcNow().UtcDateTime;
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            var query = db.Users.IgnoreQueryFilters().Where(u => u.Email == email);
            if (!string.IsNullOrWhiteSpace(tenantSlug))
            {
                var slug = tenantSlug.Trim();
                query = query.Where(u => db.Tenants.Any(t => t.Id == u.TenantId && t.Slug == slug));
            }

            var candidates = await query.OrderBy(u => u.Id).Take(20).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (candidates.Count == 0)
            {
                return UnknownAccount(http, email, password, now);
            }

            var open = candidates.Where(u => u.LockedUntil is not { } until || until <= now).ToList();
            if (open.Count == 0)
            {
                metrics.SignIn("locked");
                security.Record("auth.sign_in_locked", http, "anonymous", null, "account", email, null, "Refused: the account is locked after repeated failures.");
                return Locked(http, candidates.Min(u => u.LockedUntil!.Value) - now);
            }

            var matches = new List<User>(1);
            foreach (var user in open)
            {
                // Every open account is checked, disabled ones too, so the time taken does not depend on their state.
                var ok = Passwords.Verify(hasher, user, password);
                if (ok && !user.Disabled)
                {
                    matches.Add(user);
                }
            }

            if (matches.Count > 1)
            {
                return Problems.Create(StatusCodes.Status409Conflict, "tenant_required",
                    "These credentials match accounts in several tenants; send \"tenant\" with the slug of the one to sign in to.", "tenant");
            }

            if (matches.Count == 0)
            {
                return await FailedAsync(http, db, open, email, now, cancellationToken).ConfigureAwait(false);
            }

            var signedIn = matches[0];
            signedIn.FailedSignIns = 0;
            signedIn.LockedUntil = null;
            var caller = new Caller(signedIn.TenantId, signedIn.Role, "user", signedIn.Id.ToString(), signedIn.PlatformAdmin);
            var (token, expiresIn) = issuer.Issue(caller, signedIn.Email, signedIn.SecurityStamp);
            db.AuditEvents.Add(AuditLog.NewEvent(time, signedIn.TenantId, caller.Actor, "auth.token_issued", "user", signedIn.Id.ToString(), http.TraceIdentifier));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            metrics.SignIn("ok");
            return TypedResults.Ok(new TokenResponse(token, expiresIn, "Bearer"));
        }
    }

    public static ProblemHttpResult InvalidCredentials(string field) =>
        Problems.Create(StatusCodes.Status401Unauthorized, "invalid_credentials", "The e-mail and password, or the API key, are not valid.", field);

    private async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> FailedAsync(
        HttpContext http, FactorTraceDb db, List<User> accounts, string email, DateTime now, CancellationToken cancellationToken)
    {
        var lockout = options.Value.Auth.Lockout;
        foreach (var user in accounts)
        {
            user.FailedSignIns++;
            var lockFor = LockFor(user.FailedSignIns, lockout);
            db.AuditEvents.Add(AuditLog.NewEvent(time, user.TenantId, "anonymous", "auth.sign_in_failed", "user", user.Id.ToString(), http.TraceIdentifier,
                string.Create(CultureInfo.InvariantCulture, $"Wrong password ({user.FailedSignIns} in a row) from {http.Connection.RemoteIpAddress}.")));
            if (lockFor is { } span)
            {
                user.LockedUntil = now + span;
                db.AuditEvents.Add(AuditLog.NewEvent(time, user.TenantId, "system", "auth.locked_out", "user", user.Id.ToString(), http.TraceIdentifier,
                    string.Create(CultureInfo.InvariantCulture, $"Sign-in locked for {span.TotalSeconds:0} s after {user.FailedSignIns} failures.")));
                security.Record("auth.locked_out", http, "anonymous", null, "user", user.Id.ToString(), user.TenantId,
                    string.Create(CultureInfo.InvariantCulture, $"{email}: locked for {span.TotalSeconds:0} s after {user.FailedSignIns} failures."));
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        metrics.SignIn("failed");
        security.Record("auth.sign_in_failed", http, "anonymous", null, "account", email);
        return InvalidCredentials("password");
    }

    private Results<Ok<TokenResponse>, ProblemHttpResult> UnknownAccount(HttpContext http, string email, string password, DateTime now)
    {
        var lockout = options.Value.Auth.Lockout;
        _unknown.TryGetValue(email, out var entry);
        if (entry.LockedUntil is { } until && until > now)
        {
            metrics.SignIn("locked");
            security.Record("auth.sign_in_locked", http, "anonymous", null, "account", email, null, "Refused: the account is locked after repeated failures.");
            return Locked(http, until - now);
        }

        // Same work as a real check, so response time does not tell which e-mails exist.
        hasher.VerifyHashedPassword(DummyUser, DummyHash, password);
        var failures = entry.Failures + 1;
        if (_unknown.Count >= 100_000)
        {
            _unknown.Clear();
        }

        _unknown[email] = (failures, LockFor(failures, lockout) is { } span ? now + span : null);
        metrics.SignIn("failed");
        security.Record("auth.sign_in_failed", http, "anonymous", null, "account", email, null, "No account has this e-mail.");
        return InvalidCredentials("password");
    }

    /// <summary>The cool-down after the given number of failures in a row, or null while under the threshold.</summary>
    internal static TimeSpan? LockFor(int failures, Hosting.LockoutOptions lockout)
    {
        if (failures < lockout.MaxFailures)
        {
            return null;
        }

        var doublings = Math.Min(failures - lockout.MaxFailures, 20);
        return TimeSpan.FromSeconds(Math.Min(lockout.MaxLockSeconds, lockout.FirstLockSeconds * Math.Pow(2, doublings)));
    }

    private static ProblemHttpResult Locked(HttpContext http, TimeSpan remaining)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(remaining.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = Problems.Create(StatusCodes.Status429TooManyRequests, "too_many_attempts",
            string.Create(CultureInfo.InvariantCulture, $"Too many failed sign-ins for this account; try again in {seconds} s."), "email");
        problem.ProblemDetails.Extensions["retry_after"] = seconds;
        return problem;
    }
}
