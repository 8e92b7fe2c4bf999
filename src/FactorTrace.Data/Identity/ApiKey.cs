using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Identity;

/// <summary>A machine credential. The secret is shown once at creation; only its SHA-256 is stored.</summary>
public sealed class ApiKey : ITenantOwned
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>What the key is for.</summary>
    public required string Name { get; set; }

    /// <summary>Public, unique part of the key (looked up before the secret is checked).</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole key, hex.</summary>
    public required string SecretHash { get; set; }

    /// <summary>One of <see cref="Roles"/>.</summary>
    public required string Role { get; set; }

    /// <summary>User who created it.</summary>
    public Guid? CreatedBy { get; set; }

    /// <summary>When it was created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When it stops working (UTC); null for never.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>When it was revoked (UTC); null while active.</summary>
    public DateTime? RevokedAt { get; set; }
}
