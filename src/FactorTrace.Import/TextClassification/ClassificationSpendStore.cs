using FactorTrace.Data;
using FactorTrace.Data.Classification;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Import.TextClassification;

/// <summary>The tenant's language-model spend per month and provider, added to atomically (concurrent requests add up).</summary>
public static class ClassificationSpendStore
{
    /// <summary>The first day of the month of <paramref name="now"/> (UTC).</summary>
    public static DateOnly MonthOf(DateTimeOffset now) => new(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);

    /// <summary>What the context's tenant has spent in the month, over every provider.</summary>
    public static async Task<double> SpentAsync(FactorTraceDb db, DateOnly month, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var costs = await db.ClassificationSpend.AsNoTracking().Where(s => s.Month == month).Select(s => s.Cost).ToListAsync(cancellationToken).ConfigureAwait(false);
        return costs.Sum();
    }

    /// <summary>The context's tenant's rows of a month.</summary>
    public static Task<List<ClassificationSpend>> MonthAsync(FactorTraceDb db, DateOnly month, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ClassificationSpend.AsNoTracking().Where(s => s.Month == month).OrderBy(s => s.Provider).ToListAsync(cancellationToken);
    }

    /// <summary>Adds calls, tokens and cost to the tenant's row of the month and provider (created on first use).</summary>
    public static async Task AddAsync(FactorTraceDb db, Guid tenantId, DateOnly month, string provider, long requests, long promptTokens, long completionTokens, double cost,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var updated = await db.ClassificationSpend.Where(s => s.Month == month && s.Provider == provider).ExecuteUpdateAsync(
                set => set.SetProperty(s => s.Requests, s => s.Requests + requests)
                    .SetProperty(s => s.PromptTokens, s => s.PromptTokens + promptTokens)
                    .SetProperty(s => s.CompletionTokens, s => s.CompletionTokens + completionTokens)
                    .SetProperty(s => s.Cost, s => s.Cost + cost),
                cancellationToken).ConfigureAwait(false);
            if (updated > 0)
            {
                return;
            }

            var row = new ClassificationSpend
            {
                TenantId = tenantId,
                Month = month,
                Provider = provider,
                Requests = requests,
                PromptTokens = promptTokens,
                CompletionTokens = completionTokens,
                Cost = cost,
            };
            db.ClassificationSpend.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbUpdateException)
            {
                // Another request created the row first: add to it.
                db.Entry(row).State = EntityState.Detached;
            }
        }
    }
}
