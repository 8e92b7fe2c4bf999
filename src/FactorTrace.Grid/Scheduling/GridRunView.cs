using FactorTrace.Data.Grid;

namespace FactorTrace.Grid.Scheduling;

/// <summary>One recorded run, as the API shows it.</summary>
/// <param name="Id">Run id.</param>
/// <param name="Job">The job.</param>
/// <param name="Slot">The slot it ran for (null when run by hand).</param>
/// <param name="Instance">The instance that ran it.</param>
/// <param name="StartedAt">Start, UTC.</param>
/// <param name="EndedAt">End, UTC (null while running, or when its instance died).</param>
/// <param name="Rows">Points written (ingestion) or deleted (retention).</param>
/// <param name="Replaced">Forecast points replaced by real values.</param>
/// <param name="Outcome">A <see cref="GridRunOutcomes"/> value.</param>
/// <param name="Detail">Detail or what went wrong.</param>
public sealed record GridRunView(
    Guid Id,
    string Job,
    DateTimeOffset? Slot,
    string Instance,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int Rows,
    int Replaced,
    string Outcome,
    string? Detail)
{
    internal static GridRunView From(GridRun run) => new(
        run.Id,
        run.Job,
        run.SlotUnix is { } slot ? DateTimeOffset.FromUnixTimeSeconds(slot) : null,
        run.Instance,
        Utc(run.StartedAt),
        run.EndedAt is { } ended ? Utc(ended) : null,
        run.Rows,
        run.Replaced,
        run.Outcome,
        run.Detail);

    // SQLite gives the stored UTC value back without a kind.
    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
