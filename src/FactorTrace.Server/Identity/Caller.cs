using System.Security.Claims;
using FactorTrace.Data.Identity;

namespace FactorTrace.Server.Identity;

/// <summary>Claim types of the tokens the service issues and of the principals its handlers build.</summary>
internal static class FtClaims
{
    public const string Subject = "sub";
    public const string Tenant = "tid";
    public const string Role = "role";
    public const string Email = "email";
    public const string PlatformAdmin = "platform_admin";

    /// <summary>The user's security stamp when the token was issued.</summary>
    public const string SecurityStamp = "sst";

    /// <summary><c>user</c>, <c>key</c> or <c>external</c>.</summary>
    public const string Kind = "kind";
}

/// <summary>Who is calling: tenant, role and a printable actor for the audit log.</summary>
internal sealed record Caller(Guid TenantId, string Role, string Kind, string Subject, bool PlatformAdmin)
{
    public string Actor => $"{Kind}:{Subject}";

    public Guid? UserId => Kind == "user" && Guid.TryParse(Subject, out var id) ? id : null;

    public static Caller? From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirstValue(FtClaims.Tenant), out var tenant)
            || principal.FindFirstValue(FtClaims.Role) is not { } role || !Roles.IsValid(role))
        {
            return null;
        }

        return new Caller(
            tenant,
            role,
            principal.FindFirstValue(FtClaims.Kind) ?? "user",
            principal.FindFirstValue(FtClaims.Subject) ?? "",
            principal.FindFirstValue(FtClaims.PlatformAdmin) == "true");
    }
}

/// <summary>Authorization policies by role.</summary>
internal static class Policies
{
    public const string Reader = "reader";
    public const string Editor = "editor";
    public const string Admin = "admin";
    public const string Auditor = "auditor";
    public const string Platform = "platform";
}
