using System.Security.Claims;
using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Observability;
using FactorTrace.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Identity;

/// <summary>
/// Browser sign-in through the configured OpenID Connect issuer: the issuer's identity (tenant slug, role and e-mail
/// claims) becomes a FactorTrace user of that tenant, provisioned on first sign-in without a password, and then a token
/// of the service's own, bound to the user's security stamp, so disabling or removing the user ends the session exactly
/// as for password users. The issuer is the source of truth for the role: a changed role claim updates the user (audited).
/// </summary>
internal sealed class ExternalSignIn(
    SystemDbFactory systemDb, TenantDirectory tenants, TokenIssuer issuer, CredentialStates states, SecurityLog security, ServiceMetrics metrics, TimeProvider time, IOptions<ServiceOptions> options)
{
    /// <summary>The outcome: a session token, or a refusal in words for the sign-in page.</summary>
    public sealed record Outcome(TokenResponse? Token, string? Refusal);

    public async Task<Outcome> SignInAsync(HttpContext http, ClaimsPrincipal external, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(external);
        var oidc = options.Value.Auth.Oidc;
        var subject = external.FindFirstValue("sub") ?? "unknown";
        var slug = external.FindFirstValue(oidc.TenantClaim);
        var role = external.FindFirstValue(oidc.RoleClaim);
        var email = external.FindFirstValue(oidc.EmailClaim)?.Trim().ToLowerInvariant();
        string? refusal = null;
        if (string.IsNullOrWhiteSpace(slug) || !Roles.IsValid(role))
        {
            refusal = $"Your organisation's sign-in did not say which organisation and role you have (claims '{oidc.TenantClaim}' and '{oidc.RoleClaim}' of {string.Join(", ", Roles.All)}). Ask your administrator.";
        }
        else if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            refusal = $"Your organisation's sign-in did not give an e-mail address (claim '{oidc.EmailClaim}'). Ask your administrator.";
        }

        var tenantId = refusal is null ? await tenants.FindIdAsync(slug!, cancellationToken).ConfigureAwait(false) : null;
        if (refusal is null && tenantId is null)
        {
            refusal = $"Your organisation's sign-in names the organisation '{slug}', which has no account here.";
        }

        if (refusal is not null)
        {
            metrics.SignIn("failed");
            security.Record("auth.sso_refused", http, subject, null, "account", email ?? subject, null, refusal);
            return new Outcome(null, refusal);
        }

        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            var user = await db.Users.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.TenantId == tenantId && u.Email == email, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow().UtcDateTime;
            var roleChanged = false;
            if (user is null)
            {
                user = new User { Id = Guid.CreateVersion7(time.GetUtcNow()), TenantId = tenantId!.Value, Email = email!, Role = role!, CreatedAt = now, SecurityStamp = Guid.NewGuid() };
                db.Users.Add(user);
                db.AuditEvents.Add(AuditLog.NewEvent(time, user.TenantId, $"sso:{subject}", "user.create", "user", user.Id.ToString(), http.TraceIdentifier,
                    $"{email} as {role}, provisioned at first sign-in through {oidc.Authority}"));
            }
            else if (user.Disabled)
            {
                metrics.SignIn("failed");
                security.Record("auth.sso_refused", http, subject, null, "user", user.Id.ToString(), user.TenantId, "The account is disabled.");
                return new Outcome(null, "Your account here is disabled. Ask your administrator.");
            }
            else if (!string.Equals(user.Role, role, StringComparison.Ordinal))
            {
                db.AuditEvents.Add(AuditLog.NewEvent(time, user.TenantId, $"sso:{subject}", "user.update", "user", user.Id.ToString(), http.TraceIdentifier,
                    $"role {user.Role} → {role}, as the issuer says"));
                user.Role = role!;
                // As for a role changed by an administrator: tokens issued under the old role stop working.
                user.SecurityStamp = Guid.NewGuid();
                roleChanged = true;
            }

            var caller = new Caller(user.TenantId, user.Role, "user", user.Id.ToString(), user.PlatformAdmin);
            var (token, expiresIn) = issuer.Issue(caller, user.Email, user.SecurityStamp);
            db.AuditEvents.Add(AuditLog.NewEvent(time, user.TenantId, caller.Actor, "auth.token_issued", "user", user.Id.ToString(), http.TraceIdentifier, "single sign-on"));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            if (roleChanged)
            {
                await states.ChangedAsync(user.Id).ConfigureAwait(false);
            }

            metrics.SignIn("ok");
            return new Outcome(new TokenResponse(token, expiresIn, "Bearer"), null);
        }
    }
}
