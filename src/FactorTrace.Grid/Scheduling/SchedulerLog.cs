using Microsoft.Extensions.Logging;

namespace FactorTrace.Grid.Scheduling;

/// <summary>The grid scheduler's and retention's log messages; event ids 1650–1669 of the grid's 1600–1699.</summary>
internal static partial class SchedulerLog
{
    [LoggerMessage(1650, LogLevel.Warning, "Grid job {Job}: slot {Slot} taken over by {Instance} after its lease lapsed (attempt {Attempt})")]
    public static partial void TakenOver(ILogger logger, string job, DateTimeOffset slot, string instance, int attempt);

    [LoggerMessage(1651, LogLevel.Warning, "Grid job {Job}: {Missed} slot(s) before {Slot} were never claimed (no instance was running); only the current slot runs")]
    public static partial void Missed(ILogger logger, string job, long missed, DateTimeOffset slot);

    [LoggerMessage(1652, LogLevel.Error, "Grid job {Job} failed in slot {Slot}")]
    public static partial void Failed(ILogger logger, Exception exception, string job, DateTimeOffset slot);

    [LoggerMessage(1653, LogLevel.Warning, "Grid job {Job}: slot {Slot} was taken over by another instance before {Instance} ended it")]
    public static partial void LeaseLost(ILogger logger, string job, DateTimeOffset slot, string instance);

    [LoggerMessage(1654, LogLevel.Information, "Grid retention: {Deleted} hourly points before {Cutoff} deleted, {Days} day(s) rolled up into daily means")]
    public static partial void Retained(ILogger logger, int deleted, DateTimeOffset cutoff, int days);
}
