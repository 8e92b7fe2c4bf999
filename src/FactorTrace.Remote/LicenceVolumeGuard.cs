using System.Collections.Concurrent;

namespace FactorTrace.Remote;

/// <summary>
/// Stops enumeration of licensed sources: a tenant receives at most N distinct factors of a licensed source per UTC day
/// (repeats of a factor it already received that day are free). With Redis the count is shared by every instance
/// (an atomic capped set per tenant, source and day); without it, or while Redis is unreachable, each instance counts alone.
/// </summary>
public sealed class LicenceVolumeGuard(int maxPerDay, TimeProvider time, Func<string, string, int, TimeSpan, ValueTask<bool?>>? shared = null)
{
    private readonly ConcurrentDictionary<(string Tenant, string Source), Day> _days = new();

    /// <summary>The daily limit.</summary>
    public int MaxPerDay => maxPerDay;

    /// <summary>Refusals so far.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    private long _refused;

    /// <summary>Whether the tenant may receive this factor today, across instances when the count is shared; records it when so.</summary>
    public async ValueTask<bool> TryAdmitAsync(string tenant, string source, string factorId)
    {
        var local = TryAdmit(tenant, source, factorId);
        if (shared is null)
        {
            return local;
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var admitted = await shared($"licence-volume:{source}:{tenant}:{today}", factorId, maxPerDay, TimeSpan.FromHours(26)).ConfigureAwait(false);
        if (admitted == false)
        {
            Interlocked.Increment(ref _refused);
        }

        return admitted ?? local;
    }

    /// <summary>Whether the tenant may receive this factor today on this instance; records it when so.</summary>
    public bool TryAdmit(string tenant, string source, string factorId)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var day = _days.AddOrUpdate((tenant, source), _ => new Day(today), (_, d) => d.Date == today ? d : new Day(today));
        lock (day)
        {
            if (day.Factors.Contains(factorId))
            {
                return true;
            }

            if (day.Factors.Count >= maxPerDay)
            {
                Interlocked.Increment(ref _refused);
                return false;
            }

            day.Factors.Add(factorId);
            return true;
        }
    }

    /// <summary>Distinct factors of a source a tenant received today.</summary>
    public int CountToday(string tenant, string source)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (!_days.TryGetValue((tenant, source), out var day) || day.Date != today)
        {
            return 0;
        }

        lock (day)
        {
            return day.Factors.Count;
        }
    }

    private sealed class Day(DateOnly date)
    {
        public DateOnly Date { get; } = date;

        public HashSet<string> Factors { get; } = new(StringComparer.Ordinal);
    }
}
