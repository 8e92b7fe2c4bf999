namespace FactorTrace.Grid.Scheduling;

/// <summary>A job run once per slot across all instances sharing the database.</summary>
/// <param name="Name">Its name in <c>grid_slots</c> and <c>grid_runs</c> (at most 32 characters).</param>
/// <param name="Every">Slot length.</param>
/// <param name="Offset">Offset of the slot within its period.</param>
/// <param name="Run">The work; its token is cancelled when the caller cancels or the slot's lease lapses.</param>
public sealed record ScheduledJob(string Name, TimeSpan Every, TimeSpan Offset, Func<GridJobContext, CancellationToken, Task<GridJobResult>> Run)
{
    /// <summary>The slot containing <paramref name="instant"/>.</summary>
    public DateTimeOffset SlotAt(DateTimeOffset instant) => SlotClock.SlotStart(instant, Every, Offset);
}
