namespace FactorTrace.Grid.Scheduling;

/// <summary>
/// Slots of a periodic job, in UTC and counted from the Unix epoch: a slot starts at
/// <c>floor((t − offset) / period) · period + offset</c>. Daylight saving never moves a slot, since no local time is
/// involved; an hourly job with offset 5 minutes runs at minute 5 of every UTC hour, a daily one at offset 0 at midnight UTC.
/// </summary>
public static class SlotClock
{
    /// <summary>The start of the slot containing <paramref name="instant"/> (a slot includes its start).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The period is not positive.</exception>
    public static DateTimeOffset SlotStart(DateTimeOffset instant, TimeSpan period, TimeSpan offset)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        var sinceEpoch = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks - offset.Ticks;
        var index = FloorDiv(sinceEpoch, period.Ticks);
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (index * period.Ticks) + offset.Ticks, TimeSpan.Zero);
    }

    /// <summary>The slot before the one starting at <paramref name="slotStart"/>.</summary>
    public static DateTimeOffset Previous(DateTimeOffset slotStart, TimeSpan period) => slotStart.ToUniversalTime() - period;

    /// <summary>The slot after the one starting at <paramref name="slotStart"/>.</summary>
    public static DateTimeOffset Next(DateTimeOffset slotStart, TimeSpan period) => slotStart.ToUniversalTime() + period;

    /// <summary>How many whole slots lie strictly between two slot starts of the same job (0 for adjacent slots).</summary>
    public static long SlotsBetween(DateTimeOffset earlier, DateTimeOffset later, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        var steps = FloorDiv(later.UtcTicks - earlier.UtcTicks, period.Ticks);
        return Math.Max(0, steps - 1);
    }

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = Math.DivRem(value, divisor, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }
}
