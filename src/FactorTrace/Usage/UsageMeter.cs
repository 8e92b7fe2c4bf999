using System.Collections.Concurrent;

namespace FactorTrace.Usage;

/// <summary>The meters a tenant's use is counted on (one row per tenant, day and meter).</summary>
public static class Meters
{
    /// <summary>Factor answers served (a single resolve, or each item of a batch).</summary>
    public const string FactorLookups = "factor_lookups";

    /// <summary>Factor answers that came from a licensed remote source (no bulk export allowed).</summary>
    public const string LicensedLookups = "licensed_lookups";

    /// <summary>Imports committed.</summary>
    public const string Imports = "imports";

    /// <summary>Activity records stored by committed imports.</summary>
    public const string ImportedRows = "imported_rows";

    /// <summary>Calculation runs completed.</summary>
    public const string CalculationRuns = "calculation_runs";

    /// <summary>Result rows written by completed calculation runs.</summary>
    public const string ResultRows = "result_rows";

    /// <summary>Reports asked for (charged when they are ordered, refunded when generation fails).</summary>
    public const string Reports = "reports";

    /// <summary>Grid intensity queries.</summary>
    public const string GridQueries = "grid_queries";

    /// <summary>Clean-energy window queries.</summary>
    public const string WindowQueries = "window_queries";

    /// <summary>Purchase lines classified (by any method: supplier rule, local matcher, cache or language model).</summary>
    public const string Classifications = "classifications";

    /// <summary>Language-model tokens (prompt and completion) spent on classifications.</summary>
    public const string ClassificationTokens = "classification_tokens";

    /// <summary>Every meter, in the order reports list them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [FactorLookups, LicensedLookups, Imports, ImportedRows, CalculationRuns, ResultRows, Reports, GridQueries, WindowQueries, Classifications, ClassificationTokens];

    /// <summary>Whether a name is a meter.</summary>
    public static bool IsKnown(string meter) => All.Contains(meter, StringComparer.Ordinal);
}

/// <summary>A quantity counted on one meter for one tenant and UTC day.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Day">The UTC day.</param>
/// <param name="Meter">One of <see cref="Meters"/>.</param>
/// <param name="Quantity">How much.</param>
public sealed record UsageCount(Guid TenantId, DateOnly Day, string Meter, long Quantity);

/// <summary>
/// Counts use in memory so the hot path pays one dictionary lookup and one interlocked add; a flusher drains the counts
/// into the database in batches (<see cref="Drain"/>) and puts them back when the write fails (<see cref="Restore"/>).
/// A clean shutdown drains once more; a crash loses at most what was counted since the last flush.
/// </summary>
public sealed class UsageMeter(TimeProvider time)
{
    private readonly ConcurrentDictionary<(Guid Tenant, DateOnly Day, string Meter), Counter> _counts = new();

    /// <summary>Counts <paramref name="quantity"/> on a meter for a tenant, today (UTC).</summary>
    public void Add(Guid tenantId, string meter, long quantity = 1)
    {
        if (quantity <= 0 || tenantId == Guid.Empty)
        {
            return;
        }

        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var counter = _counts.GetOrAdd((tenantId, day, meter), static _ => new Counter());
        Interlocked.Add(ref counter.Value, quantity);
    }

    /// <summary>What has been counted and not yet drained (this process only).</summary>
    public long Pending => _counts.Values.Sum(c => Interlocked.Read(ref c.Value));

    /// <summary>Takes every count out (each counter is swapped to zero atomically, so nothing counted meanwhile is lost).</summary>
    public IReadOnlyList<UsageCount> Drain()
    {
        var drained = new List<UsageCount>();
        var yesterday = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);
        foreach (var (key, counter) in _counts)
        {
            var quantity = Interlocked.Exchange(ref counter.Value, 0);
            if (quantity > 0)
            {
                drained.Add(new UsageCount(key.Tenant, key.Day, key.Meter, quantity));
            }
            else if (key.Day < yesterday)
            {
                // Days before yesterday get no more counts; forget their counters.
                _counts.TryRemove(new KeyValuePair<(Guid, DateOnly, string), Counter>(key, counter));
            }
        }

        return drained;
    }

    /// <summary>Puts drained counts back after a failed write, to go out with the next flush.</summary>
    public void Restore(IEnumerable<UsageCount> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var count in counts)
        {
            var counter = _counts.GetOrAdd((count.TenantId, count.Day, count.Meter), static _ => new Counter());
            Interlocked.Add(ref counter.Value, count.Quantity);
        }
    }

    private sealed class Counter
    {
        public long Value;
    }
}
