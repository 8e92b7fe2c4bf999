using FactorTrace.Grid.Model;
using FactorTrace.Grid.Windows;
using static FactorTrace.Server.Tests.Grid.Windows.WindowTestData;

namespace FactorTrace.Server.Tests.Grid.Windows;

/// <summary>The plain-array series and how they are built from stored points.</summary>
public sealed class ZoneSeriesTests
{
    [Fact]
    public void FromPoints_StoredPoints_FillsTheirHoursAndLeavesTheRestMissing()
    {
        var points = new[]
        {
            Point("DE", "2023-06-01T10:00Z", 200, "entsoe.eu", GridQualities.Historical),
            Point("DE", "2023-06-01T12:00Z", 150, "electricitymaps", GridQualities.Forecast),
            Point("DE", "2023-06-01T12:00Z", 140, "entsoe.eu", GridQualities.Historical),
            Point("DE", "2023-06-01T12:00Z", 999, "other", GridQualities.Forecast),
            Point("FR", "2023-06-01T11:00Z", 20, "rte", GridQualities.Historical),
            Point("DE", "2023-06-01T13:00Z", 100, "entsoe.eu", GridQualities.Historical),
        };

        var series = ZoneSeriesBuilder.FromPoints("DE", At("2023-06-01T10:30Z"), At("2023-06-01T13:00Z"), points, IntensityBases.Direct);

        Assert.Equal(At("2023-06-01T10:00Z"), series.Start);
        Assert.Equal(3, series.Count);
        Assert.Equal(200, series.ValueAt(At("2023-06-01T10:00Z")));
        Assert.True(ZoneSeries.IsMissing(series.ValueAt(At("2023-06-01T11:00Z"))));
        Assert.Equal(140, series.ValueAt(At("2023-06-01T12:00Z")));
        Assert.Equal(new HourMetadata("entsoe.eu", GridQualities.Historical), series.MetadataAt(At("2023-06-01T14:00+02:00")));
        Assert.Null(series.MetadataAt(At("2023-06-01T11:00Z")));
        Assert.True(ZoneSeries.IsMissing(series.ValueAt(At("2023-06-01T13:00Z"))));
    }

    [Fact]
    public void Constructor_StartNotOnTheHour_Throws() =>
        Assert.Throws<ArgumentException>(() => new ZoneSeries("DE", At("2023-06-01T10:30Z"), [1.0]));

    [Fact]
    public void ValueAt_OffsetStart_IsNormalisedToUtc()
    {
        var series = new ZoneSeries("DE", At("2023-06-01T12:00+02:00"), [1.0, 2.0]);

        Assert.Equal(TimeSpan.Zero, series.Start.Offset);
        Assert.Equal(2.0, series.ValueAt(At("2023-06-01T11:00Z")));
        Assert.True(double.IsNaN(series.ValueAt(At("2023-06-01T11:30Z"))));
    }

    private static GridPoint Point(string zone, string hour, double direct, string source, string quality) =>
        new(zone, At(hour), direct, null, GridSignals.Average, source, quality);
}
