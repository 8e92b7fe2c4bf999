using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Identity;

/// <summary>A person who signs in with e-mail and password. E-mail addresses are unique across the service.</summary>
public sealed class User : ITenantOwned
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>E-mail, lower-cased.</summary>
    public required string Email { get; set; }

    /// <summary>Display name.</summary>
    public string? Name { get; set; }

    /// <summary>One of <see cref="Roles"/>.</summary>
    public required string Role { get; set; }

    /// <summary>Password hash (PBKDF2, ASP.NET Core Identity format); null for users who sign in only through an external issuer.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Whether the user may sign in; a disabled user's tokens stop working at once (see <see cref="SecurityStamp"/>).</summary>
    public bool Disabled { get; set; }

    /// <summary>Platform administrators may create tenants. Only the bootstrap admin is one by default.</summary>
    public bool PlatformAdmin { get; set; }

    /// <summary>When the user was created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Changes whenever what the user may do changes (role, disabled, password, platform rights). Tokens carry the stamp
    /// they were issued with; a request whose token carries another stamp is refused.
    /// </summary>
    public Guid SecurityStamp { get; set; }

    /// <summary>Failed sign-ins since the last successful one.</summary>
    public int FailedSignIns { get; set; }

    /// <summary>Sign-in is refused until then (UTC) after repeated failures; null when not locked.</summary>
    public DateTime? LockedUntil { get; set; }
}
