namespace FactorTrace.Data.Tenancy;

/// <summary>Per-tenant broker and quota settings. One row per tenant; absent means the service defaults.</summary>
public sealed class TenantSettings : ITenantOwned
{
    /// <summary>The tenant (also the key).</summary>
    public Guid TenantId { get; set; }

    /// <summary>Source ids in the tenant's priority order, comma-separated; null for the service order.</summary>
    public string? SourcePriority { get; set; }

    /// <summary>Source ids the tenant may use, comma-separated; null for all.</summary>
    public string? AllowedSources { get; set; }

    /// <summary>Requests per minute for the whole tenant; null for the service default.</summary>
    public int? RateLimitPerMinute { get; set; }

    /// <summary>Legal Entity Identifier (ISO 17442), the entity identifier of the tenant's Inline XBRL reports.</summary>
    public string? Lei { get; set; }

    /// <summary>
    /// The undertaking's main NACE activity (<c>C25.11</c>): the ESRS tables breaking emissions down by gas and by Scope 1
    /// source have an economic-activity axis without default, so those facts are tagged only with it.
    /// </summary>
    public string? NaceActivity { get; set; }

    /// <summary>First day of the base year reports compare with.</summary>
    public DateOnly? BaseYearFrom { get; set; }

    /// <summary>Last day of the base year.</summary>
    public DateOnly? BaseYearTo { get; set; }

    /// <summary>
    /// Location-based Scope 2 of grid electricity from the hourly intensities of the site's zone over the record's period
    /// (when every hour is stored), instead of the yearly factor. Off by default.
    /// </summary>
    public bool HourlyGridScope2 { get; set; }

    /// <summary>Last change (UTC).</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, changed on every update.</summary>
    public Guid Version { get; set; }
}
