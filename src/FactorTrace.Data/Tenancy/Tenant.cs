namespace FactorTrace.Data.Tenancy;

/// <summary>A company (or team) whose data is isolated from every other tenant.</summary>
public sealed class Tenant
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; }

    /// <summary>Short unique name used in URLs and external identity claims (<c>default</c>, <c>acme</c>).</summary>
    public required string Slug { get; set; }

    /// <summary>Display name.</summary>
    public required string Name { get; set; }

    /// <summary>When the tenant was created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// The most requests per minute the tenant's own admins may give it, set by a platform admin; null for the
    /// service-wide cap (<c>RateLimits:TenantMaxPerMinute</c>).
    /// </summary>
    public int? MaxRateLimitPerMinute { get; set; }
}
