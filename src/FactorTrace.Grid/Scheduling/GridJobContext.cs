namespace FactorTrace.Grid.Scheduling;

/// <summary>The slot a job runs for.</summary>
/// <param name="Job">The job's name.</param>
/// <param name="Slot">Start of the slot, UTC.</param>
/// <param name="Now">The instant the scheduler was asked to run at.</param>
/// <param name="Instance">The instance running it.</param>
/// <param name="Attempt">1, or more when the slot was taken over after an instance's lease lapsed.</param>
/// <param name="MissedBefore">Slots of this job never claimed between the previous claimed slot and this one.</param>
public sealed record GridJobContext(string Job, DateTimeOffset Slot, DateTimeOffset Now, string Instance, int Attempt, long MissedBefore);
