using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Workloads;

/// <summary>Work a service did in one region over a period: units of work, or energy measured at the meter (which wins).</summary>
public sealed class WorkloadRecord : ITenantOwned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The service.</summary>
    public Guid ServiceId { get; set; }

    /// <summary>The region as given (a zone id or a cloud region such as <c>aws:eu-central-1</c>).</summary>
    public string Region { get; set; } = "";

    /// <summary>The grid zone the region resolved to.</summary>
    public string Zone { get; set; } = "";

    /// <summary>Start of the period, Unix seconds (UTC).</summary>
    public long StartUnix { get; set; }

    /// <summary>End of the period (exclusive), Unix seconds (UTC).</summary>
    public long EndUnix { get; set; }

    /// <summary>Units of work (requests) in the period.</summary>
    public double? Units { get; set; }

    /// <summary>Energy measured in the period, kWh.</summary>
    public double? MeasuredKwh { get; set; }

    /// <summary>Created, UTC.</summary>
    public DateTime CreatedAt { get; set; }
}
