using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Usage;

/// <summary>One grant or charge on a tenant's credits: who, when, why, and the balance it left.</summary>
public sealed class CreditEntry : ITenantOwned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>When.</summary>
    public DateTime At { get; set; }

    /// <summary><c>grant</c>, <c>charge</c> or <c>refund</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Thousandths of a credit: positive for grants and refunds, negative for charges.</summary>
    public long AmountMillis { get; set; }

    /// <summary>The balance after this entry, in thousandths of a credit.</summary>
    public long BalanceAfterMillis { get; set; }

    /// <summary>The meter charged, for charges and refunds.</summary>
    public string? Meter { get; set; }

    /// <summary>How many units were charged.</summary>
    public long Quantity { get; set; }

    /// <summary>Why, in words.</summary>
    public string Reason { get; set; } = "";

    /// <summary>Who (user e-mail, API key, <c>system</c>).</summary>
    public string Actor { get; set; } = "";

    /// <summary>What the charge paid for (a report id), so a refund can name it.</summary>
    public string? Reference { get; set; }
}
