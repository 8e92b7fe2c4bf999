using System.Collections.Concurrent;

namespace FactorTrace.Import.Storage;

/// <summary>Progress of the commits running in this process, for the status endpoint and the CLI's progress bar.</summary>
public sealed class ImportProgress
{
    private readonly ConcurrentDictionary<Guid, Snapshot> _running = new();

    /// <summary>What a running commit has done.</summary>
    /// <param name="Phase">reading, writing, finishing.</param>
    /// <param name="RowsDone">Rows processed.</param>
    /// <param name="RowsTotal">Rows to process.</param>
    public sealed record Snapshot(string Phase, long RowsDone, long RowsTotal);

    /// <summary>Reports progress.</summary>
    public void Report(Guid importId, string phase, long done, long total) => _running[importId] = new Snapshot(phase, done, total);

    /// <summary>The commit finished (or failed).</summary>
    public void Finish(Guid importId) => _running.TryRemove(importId, out _);

    /// <summary>The running commit's progress, or null.</summary>
    public Snapshot? Get(Guid importId) => _running.GetValueOrDefault(importId);
}
