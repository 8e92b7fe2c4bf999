using System.Collections.Concurrent;
using FactorTrace.Grid.Model;

namespace FactorTrace.Grid.Store;

/// <summary>
/// Recently read UTC days of the store, per zone and signal: the intensity and window endpoints read the same few days
/// over and over, and a read from the database costs ~30× the work done on its rows. Writes through the same
/// <see cref="GridStore"/> drop the days they touch; writes by another instance (or retention) are seen after at most
/// <see cref="Lifetime"/>, which is short against the hourly cadence of the data.
/// </summary>
internal sealed class GridReadCache(TimeProvider time)
{
    /// <summary>How long a day read from the database is served without reading it again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>Reads spanning more UTC days than this go to the database alone (long, rare, and memory-hungry).</summary>
    public const int MaxDays = 8;

    // Zone-days held before the cache starts over (~24 points each: a few MB).
    private const int Capacity = 4096;

    private readonly ConcurrentDictionary<(string Zone, string Signal, long Day), (GridPoint[] Points, long Loaded)> _days = new();
    private long _generation;

    /// <summary>Taken before a database read; a write in between makes <see cref="Add"/> a no-op.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string zone, string signal, long day, out GridPoint[] points)
    {
        if (_days.TryGetValue((zone, signal, day), out var entry) && time.GetElapsedTime(entry.Loaded) < Lifetime)
        {
            points = entry.Points;
            return true;
        }

        points = [];
        return false;
    }

    public void Add(long generation, string zone, string signal, long day, GridPoint[] points)
    {
        if (Generation != generation)
        {
            return;
        }

        if (_days.Count >= Capacity)
        {
            _days.Clear();
        }

        var key = (zone, signal, day);
        _days[key] = (points, time.GetTimestamp());
        if (Generation != generation)
        {
            // A write committed while this was stored: its invalidation may have run before the store.
            _days.TryRemove(key, out _);
        }
    }

    public void Invalidate(IEnumerable<(string Zone, string Signal, long Day)> days)
    {
        Interlocked.Increment(ref _generation);
        foreach (var day in days)
        {
            _days.TryRemove(day, out _);
        }
    }
}
