namespace FactorTrace.Data.Grid;

/// <summary>One ingestion or retention run: what it did and how it ended.</summary>
public sealed class GridRun
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The job (<c>ingest</c>, <c>forecast</c>, <c>retention</c>, <c>dataset</c>).</summary>
    public string Job { get; set; } = "";

    /// <summary>The scheduler slot it ran for, Unix seconds (null when run by hand).</summary>
    public long? SlotUnix { get; set; }

    /// <summary>The instance (host name and process id) that ran it.</summary>
    public string Instance { get; set; } = "";

    /// <summary>Start, UTC.</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>End, UTC (null while running).</summary>
    public DateTime? EndedAt { get; set; }

    /// <summary>Points written (ingestion) or deleted (retention).</summary>
    public int Rows { get; set; }

    /// <summary>Forecast points replaced by real values.</summary>
    public int Replaced { get; set; }

    /// <summary><c>running</c>, <c>succeeded</c>, <c>partial</c> or <c>failed</c>.</summary>
    public string Outcome { get; set; } = "";

    /// <summary>What went wrong, or per-zone detail.</summary>
    public string? Detail { get; set; }
}
