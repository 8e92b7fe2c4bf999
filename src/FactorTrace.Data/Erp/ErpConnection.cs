using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Erp;

/// <summary>
/// A tenant's connection to an ERP system (OData v4 or REST/JSON) whose purchase and invoice lines become activity records;
/// <see cref="Watermark"/> is the latest change date of the last successful pull, from which the next one continues.
/// </summary>
public sealed class ErpConnection : ITenantOwned
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>Name, unique in the tenant.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>odata</c> or <c>rest</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Service root (absolute http or https URL).</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Entity set (OData) or path (REST) below <see cref="BaseUrl"/>.</summary>
    public string Entity { get; set; } = "";

    /// <summary>Field mapping, JSON (ERP field → record field).</summary>
    public string Mapping { get; set; } = "{}";

    /// <summary>Minutes between scheduled pulls; 0 pulls only on demand.</summary>
    public int ScheduleMinutes { get; set; }

    /// <summary>Credentials, AES-GCM encrypted with the configured key (never returned by the API); null without.</summary>
    public byte[]? Credentials { get; set; }

    /// <summary>The latest change date (UTC) of the lines the last successful pull stored; null before the first.</summary>
    public DateTime? Watermark { get; set; }

    /// <summary>When the next scheduled pull is due (UTC); null when pulled only on demand.</summary>
    public DateTime? NextPullAt { get; set; }

    /// <summary>Until when an instance holds the connection for a pull (UTC); null when none does.</summary>
    public DateTime? LeaseUntil { get; set; }

    /// <summary>When the last pull ended (UTC).</summary>
    public DateTime? LastPullAt { get; set; }

    /// <summary>How the last pull ended: <c>succeeded</c> or <c>failed</c>.</summary>
    public string? LastStatus { get; set; }

    /// <summary>The last pull's error, when it failed.</summary>
    public string? LastError { get; set; }

    /// <summary>When the last successful pull ended (UTC): the data the tenant has while the ERP is down.</summary>
    public DateTime? LastSuccessAt { get; set; }

    /// <summary>Lines the last successful pull fetched.</summary>
    public int LastSuccessLines { get; set; }

    /// <summary>Created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Last changed (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}
