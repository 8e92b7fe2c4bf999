using FactorTrace.Grid.Ledger;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Zones;

namespace FactorTrace.Server.Tests.Grid;

/// <summary>The run's hourly profiles: every hour of the period or none, forecasts never counted, site regions mapped to zones.</summary>
public sealed class StoredHourlyProfileTests
{
    private static readonly DateTimeOffset Day = new(2023, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static GridPoint Hour(int h, double direct, string quality = GridQualities.Historical, string source = "electricitymaps-hourly") =>
        new("DE", Day.AddHours(h), direct, direct * 1.3, GridSignals.Average, source, quality);

    private static StoredHourlyProfile Profile(IEnumerable<GridPoint> points) =>
        new(ZoneCatalogue.Load([]), new Dictionary<string, IReadOnlyList<GridPoint>> { ["DE"] = [.. points] });

    [Fact]
    public void Lookup_EveryHourOfTheDay_MeanOfTheDirectValuesWithSourcesAndLicence()
    {
        var profile = Profile(Enumerable.Range(0, 24).Select(h => Hour(h, 100 + h, source: h < 12 ? "electricitymaps-hourly" : "electricitymaps")));

        var intensity = profile.Lookup("de", new DateOnly(2023, 6, 1), new DateOnly(2023, 6, 1)).Intensity;

        Assert.NotNull(intensity);
        Assert.Equal("DE", intensity.Zone);
        Assert.Equal(24, intensity.Hours);
        Assert.Equal(Enumerable.Range(0, 24).Average(h => 100.0 + h), intensity.GramsPerKwh, 12);
        Assert.Equal("direct", intensity.Basis);
        Assert.Equal(["electricitymaps", "electricitymaps-hourly"], intensity.Sources);
        Assert.Equal("ODbL-1.0", intensity.Licence);
        Assert.Equal(16, intensity.Digest.Length);
    }

    [Fact]
    public void Lookup_AForecastHour_NotCountedAndNamedAsTheFirstMissing()
    {
        var profile = Profile(Enumerable.Range(0, 24).Select(h => Hour(h, 100, h == 5 ? GridQualities.Forecast : GridQualities.Historical)));

        var lookup = profile.Lookup("DE", new DateOnly(2023, 6, 1), new DateOnly(2023, 6, 1));

        Assert.Null(lookup.Intensity);
        Assert.Equal("1 of 24 hours of zone DE from 2023-06-01T00:00Z to 2023-06-02T00:00Z are not in the hourly store (first missing 2023-06-01T05:00Z)", lookup.Reason);
    }

    [Fact]
    public void Lookup_RegionWithoutZone_SaysSo()
    {
        var lookup = Profile([]).Lookup("GLOBAL", new DateOnly(2023, 6, 1), new DateOnly(2023, 6, 1));

        Assert.Null(lookup.Intensity);
        Assert.StartsWith("no grid zone is known for region 'GLOBAL'", lookup.Reason, StringComparison.Ordinal);
    }
}
