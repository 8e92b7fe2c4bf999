using FactorTrace.Data;
using FactorTrace.Data.Usage;
using FactorTrace.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Usage;

/// <summary>
/// Charges a tenant's credits for a priced action inside the caller's transaction: the action and its charge are stored
/// together or not at all, and a balance that does not cover the price refuses the action with 402.
/// </summary>
internal sealed class CreditCharges(FactorTraceDb db, IOptions<UsageOptions> options, TimeProvider time)
{
    private CreditLedger Ledger => new(db, time, UsageOptions.ToMillis(options.Value.LowCredits));

    /// <summary>Opens the tenant's account when it has none (call before the action's transaction starts).</summary>
    public Task<long> EnsureAccountAsync(Guid tenantId, CancellationToken cancellationToken) =>
        Ledger.BalanceAsync(tenantId, UsageOptions.ToMillis(options.Value.OpeningCredits), cancellationToken);

    /// <summary>Charges <paramref name="quantity"/> units of <paramref name="meter"/>; null when charged (or free), else the 402 problem.</summary>
    public async Task<ProblemHttpResult?> TryChargeAsync(Guid tenantId, string meter, long quantity, string actor, string reason, string? reference, CancellationToken cancellationToken)
    {
        var price = options.Value.PriceMillis(meter);
        if (price == 0)
        {
            return null;
        }

        var outcome = await Ledger.TryChargeAsync(tenantId, meter, quantity, price, actor, reason, reference, cancellationToken).ConfigureAwait(false);
        return outcome.Charged ? null : Problems.Create(StatusCodes.Status402PaymentRequired, "insufficient_credits",
            $"This costs {UsageOptions.FromMillis(outcome.AmountMillis)} credits ({meter}) and the balance is {UsageOptions.FromMillis(outcome.BalanceMillis)}; nothing was done. Ask a platform administrator to grant credits.");
    }

    /// <summary>Gives back the charge that paid for <paramref name="reference"/>, once, when what it paid for did not happen.</summary>
    public async Task RefundAsync(Guid tenantId, string reference, string reason, CancellationToken cancellationToken)
    {
        var entries = await db.CreditEntries.AsNoTracking().Where(e => e.TenantId == tenantId && e.Reference == reference).ToListAsync(cancellationToken).ConfigureAwait(false);
        var charge = entries.FirstOrDefault(e => e.Kind == CreditLedger.Kinds.Charge);
        if (charge is null || entries.Any(e => e.Kind == CreditLedger.Kinds.Refund))
        {
            return;
        }

        await Ledger.AddAsync(tenantId, CreditLedger.Kinds.Refund, -charge.AmountMillis, "system", reason, charge.Meter, charge.Quantity, reference, cancellationToken).ConfigureAwait(false);
    }
}
