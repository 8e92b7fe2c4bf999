namespace FactorTrace.Grid.Scheduling;

/// <summary>How a run ended (<c>grid_runs.outcome</c>).</summary>
public static class GridRunOutcomes
{
    /// <summary>Started and not ended (or its instance died).</summary>
    public const string Running = "running";

    /// <summary>Did everything it was asked to.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Did some of it (some zones failed); the detail says which.</summary>
    public const string Partial = "partial";

    /// <summary>Threw, was cancelled, or lost its slot's lease before ending.</summary>
    public const string Failed = "failed";
}
