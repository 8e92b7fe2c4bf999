using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Usage;

/// <summary>A tenant's credit balance, in thousandths of a credit so sums stay exact on every database.</summary>
public sealed class CreditAccount : ITenantOwned
{
    /// <inheritdoc />
    public Guid TenantId { get; set; }

    /// <summary>The balance in thousandths of a credit; never below zero.</summary>
    public long BalanceMillis { get; set; }

    /// <summary>When the balance last changed.</summary>
    public DateTime UpdatedAt { get; set; }
}
