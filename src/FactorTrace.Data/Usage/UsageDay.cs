using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Usage;

/// <summary>What a tenant used on one meter on one UTC day (summed over every instance's flushes).</summary>
public sealed class UsageDay : ITenantOwned
{
    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The UTC day.</summary>
    public DateOnly Day { get; set; }

    /// <summary>The meter (<c>FactorTrace.Usage.Meters</c>).</summary>
    public string Meter { get; set; } = "";

    /// <summary>How much.</summary>
    public long Quantity { get; set; }
}
