namespace FactorTrace.Grid.Scheduling;

/// <summary>What a job did in its slot.</summary>
/// <param name="Rows">Points written (ingestion) or deleted (retention).</param>
/// <param name="Replaced">Forecast points replaced by real values.</param>
/// <param name="Detail">Per-zone detail or what went wrong in part.</param>
/// <param name="Partial">True when only part of the work succeeded (recorded as <see cref="GridRunOutcomes.Partial"/>).</param>
public sealed record GridJobResult(int Rows, int Replaced = 0, string? Detail = null, bool Partial = false)
{
    /// <summary>The outcome recorded for it.</summary>
    public string Outcome => Partial ? GridRunOutcomes.Partial : GridRunOutcomes.Succeeded;
}
