using FactorTrace.Grid.Scheduling;

namespace FactorTrace.Server.Tests.Grid.Scheduling;

public sealed class SlotClockTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData("2026-06-01T10:04:59Z", "2026-06-01T09:05:00Z")]
    [InlineData("2026-06-01T10:05:00Z", "2026-06-01T10:05:00Z")]
    [InlineData("2026-06-01T10:59:59Z", "2026-06-01T10:05:00Z")]
    [InlineData("2026-06-01T00:00:00Z", "2026-05-31T23:05:00Z")]
    [InlineData("2026-06-01T12:30:00+02:00", "2026-06-01T10:05:00Z")]
    public void SlotStart_HourlyAtMinuteFive_FloorsToMinuteFiveUtc(string instant, string expected)
    {
        var slot = SlotClock.SlotStart(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), Hour, FiveMinutes);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), slot);
        Assert.Equal(TimeSpan.Zero, slot.Offset);
    }

    [Fact]
    public void SlotStart_DailyWithoutOffset_IsUtcMidnight()
    {
        var slot = SlotClock.SlotStart(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(2)), TimeSpan.FromDays(1), TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero), slot);
    }

    [Theory]
    [InlineData(2026, 3, 29)]
    [InlineData(2026, 10, 25)]
    [InlineData(2026, 3, 8)]
    [InlineData(2026, 11, 1)]
    public void SlotStart_AcrossDaylightSavingChanges_SlotsStayOneHourApartAtMinuteFive(int year, int month, int day)
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var start = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero).AddHours(-12);
        var previous = SlotClock.SlotStart(start, Hour, FiveMinutes);
        for (var minutes = 0; minutes < 48 * 60; minutes += 10)
        {
            var instant = start.AddMinutes(minutes);
            var slot = SlotClock.SlotStart(instant, Hour, FiveMinutes);

            Assert.Equal(slot, SlotClock.SlotStart(TimeZoneInfo.ConvertTime(instant, berlin), Hour, FiveMinutes));
            Assert.Equal(slot, SlotClock.SlotStart(TimeZoneInfo.ConvertTime(instant, newYork), Hour, FiveMinutes));
            Assert.Equal(5, slot.Minute);
            Assert.True(slot == previous || slot == SlotClock.Next(previous, Hour), $"{instant:o}: {slot:o} after {previous:o}");
            previous = slot;
        }
    }

    [Fact]
    public void SlotStart_BeforeTheEpoch_FloorsDownwards()
    {
        var slot = SlotClock.SlotStart(new DateTimeOffset(1969, 12, 31, 23, 1, 0, TimeSpan.Zero), Hour, FiveMinutes);

        Assert.Equal(new DateTimeOffset(1969, 12, 31, 22, 5, 0, TimeSpan.Zero), slot);
    }

    [Fact]
    public void SlotStart_OffsetLongerThanPeriod_SameAsItsRemainder()
    {
        var instant = new DateTimeOffset(2026, 6, 1, 10, 17, 0, TimeSpan.Zero);
        var quarter = TimeSpan.FromMinutes(15);

        Assert.Equal(SlotClock.SlotStart(instant, quarter, FiveMinutes), SlotClock.SlotStart(instant, quarter, TimeSpan.FromMinutes(20)));
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 10, 5, 0, TimeSpan.Zero), SlotClock.SlotStart(instant, quarter, FiveMinutes));
    }

    [Fact]
    public void SlotStart_ZeroPeriod_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SlotClock.SlotStart(DateTimeOffset.UnixEpoch, TimeSpan.Zero, TimeSpan.Zero));

    [Theory]
    [InlineData(1, 0)]
    [InlineData(5, 4)]
    [InlineData(0, 0)]
    public void SlotsBetween_SlotsApart_CountsTheOnesStrictlyBetween(int hoursApart, long expected)
    {
        var first = new DateTimeOffset(2026, 6, 1, 10, 5, 0, TimeSpan.Zero);

        Assert.Equal(expected, SlotClock.SlotsBetween(first, first.AddHours(hoursApart), Hour));
    }
}
