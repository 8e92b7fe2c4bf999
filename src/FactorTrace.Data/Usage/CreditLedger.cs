using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data.Usage;

/// <summary>What a charge came to.</summary>
/// <param name="Charged">Whether the credits were taken (also true when the price is zero).</param>
/// <param name="AmountMillis">What it cost, in thousandths of a credit.</param>
/// <param name="BalanceMillis">The balance after the charge, or the balance that was too low.</param>
public sealed record ChargeOutcome(bool Charged, long AmountMillis, long BalanceMillis);

/// <summary>
/// A tenant's credits: balance and ledger on the tenant's own context. A charge is one conditional update
/// (<c>balance &gt;= amount</c>) that takes the row lock, so parallel charges on any number of instances never overdraw;
/// it joins the caller's transaction, so what it pays for is stored with it or not at all. With
/// <paramref name="lowMarkMillis"/>, the charge that takes the balance below it writes the tenant's "credits low"
/// notification in the same transaction.
/// </summary>
public sealed class CreditLedger(FactorTraceDb db, TimeProvider time, long? lowMarkMillis = null)
{
    /// <summary>Kinds of entries.</summary>
    public static class Kinds
    {
        /// <summary>Credits given.</summary>
        public const string Grant = "grant";

        /// <summary>Credits taken for use.</summary>
        public const string Charge = "charge";

        /// <summary>A charge given back (what it paid for did not happen).</summary>
        public const string Refund = "refund";
    }

    /// <summary>The tenant's balance in thousandths of a credit; opens the account with <paramref name="initialMillis"/> when it has none.</summary>
    public async Task<long> BalanceAsync(Guid tenantId, long initialMillis, CancellationToken cancellationToken)
    {
        var balance = await db.CreditAccounts.AsNoTracking().Where(a => a.TenantId == tenantId).Select(a => (long?)a.BalanceMillis).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (balance is { } known)
        {
            return known;
        }

        var now = time.GetUtcNow().UtcDateTime;
        db.CreditAccounts.Add(new CreditAccount { TenantId = tenantId, BalanceMillis = initialMillis, UpdatedAt = now });
        if (initialMillis > 0)
        {
            db.CreditEntries.Add(new CreditEntry
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                At = now,
                Kind = Kinds.Grant,
                AmountMillis = initialMillis,
                BalanceAfterMillis = initialMillis,
                Reason = "opening balance",
                Actor = "system",
            });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Another request opened the account first; its opening balance stands.
            db.ChangeTracker.Clear();
        }

        return await db.CreditAccounts.AsNoTracking().Where(a => a.TenantId == tenantId).Select(a => a.BalanceMillis).FirstAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes <paramref name="quantity"/> × <paramref name="priceMillis"/> from the balance when it is enough, and writes
    /// the charge to the ledger. Call <see cref="BalanceAsync"/> first (outside the transaction) so the account exists.
    /// </summary>
    public async Task<ChargeOutcome> TryChargeAsync(
        Guid tenantId, string meter, long quantity, long priceMillis, string actor, string reason, string? reference, CancellationToken cancellationToken)
    {
        var amount = checked(quantity * priceMillis);
        if (amount <= 0)
        {
            return new ChargeOutcome(true, 0, 0);
        }

        return await InTransactionAsync(async () =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            var changed = await db.CreditAccounts.Where(a => a.TenantId == tenantId && a.BalanceMillis >= amount)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.BalanceMillis, a => a.BalanceMillis - amount).SetProperty(a => a.UpdatedAt, now), cancellationToken).ConfigureAwait(false);
            // The row is locked by this transaction now (or was not changed), so this read is the balance this charge left.
            var balance = await db.CreditAccounts.AsNoTracking().Where(a => a.TenantId == tenantId).Select(a => a.BalanceMillis).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (changed == 0)
            {
                return new ChargeOutcome(false, amount, balance);
            }

            db.CreditEntries.Add(new CreditEntry
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                At = now,
                Kind = Kinds.Charge,
                AmountMillis = -amount,
                BalanceAfterMillis = balance,
                Meter = meter,
                Quantity = quantity,
                Reason = reason,
                Actor = actor,
                Reference = reference,
            });
            if (lowMarkMillis is { } low && balance < low && balance + amount >= low)
            {
                await Notifications.Outbox.EnqueueAsync(db, tenantId, Notifications.Notifications.CreditsLow(balance, low), now, cancellationToken).ConfigureAwait(false);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new ChargeOutcome(true, amount, balance);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds credits (a grant, or the refund of a charge) and writes the entry; returns the new balance.</summary>
    public async Task<long> AddAsync(Guid tenantId, string kind, long amountMillis, string actor, string reason, string? meter, long quantity, string? reference, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountMillis);
        return await InTransactionAsync(async () =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            await db.CreditAccounts.Where(a => a.TenantId == tenantId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.BalanceMillis, a => a.BalanceMillis + amountMillis).SetProperty(a => a.UpdatedAt, now), cancellationToken).ConfigureAwait(false);
            var balance = await db.CreditAccounts.AsNoTracking().Where(a => a.TenantId == tenantId).Select(a => a.BalanceMillis).FirstAsync(cancellationToken).ConfigureAwait(false);
            db.CreditEntries.Add(new CreditEntry
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                At = now,
                Kind = kind,
                AmountMillis = amountMillis,
                BalanceAfterMillis = balance,
                Meter = meter,
                Quantity = quantity,
                Reason = reason,
                Actor = actor,
                Reference = reference,
            });
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return balance;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the caller's transaction when there is one (it commits), else in its own, committed
    /// when the work returns. A refused charge returns without writing, so committing then changes nothing.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work().ConfigureAwait(false);
        }

        var own = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (own.ConfigureAwait(false))
        {
            var result = await work().ConfigureAwait(false);
            await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
    }
}
