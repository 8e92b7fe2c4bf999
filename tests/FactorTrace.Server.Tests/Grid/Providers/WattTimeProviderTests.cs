using FactorTrace.Grid.Model;
using FactorTrace.Grid.Providers;

namespace FactorTrace.Server.Tests.Grid.Providers;

/// <summary>The WattTime provider against a double speaking its v3 shapes: unit conversion, hourly means, gaps, login.</summary>
public sealed class WattTimeProviderTests
{
    private const string Region = "CAISO_NORTH";
    private static readonly DateTimeOffset Hour10 = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ForecastAsync_FiveMinuteValues_HourlyMeansInGramsPerKwh_SkippedHourHasNoPoint()
    {
        await using var f = await GridProviderFixture.StartAsync();
        var values = new SortedDictionary<DateTimeOffset, double>
        {
            [Hour10.AddHours(1)] = 1000,
            [Hour10.AddHours(1).AddMinutes(5)] = 1100,
            [Hour10.AddHours(1).AddMinutes(10)] = 1200,
            [Hour10.AddHours(4)] = 900,
            [Hour10.AddHours(4).AddMinutes(30)] = 900,
        };
        for (var m = 0; m < 60; m += 5)
        {
            values[Hour10.AddHours(2).AddMinutes(m)] = 800;
        }

        f.Wt.Forecast[Region] = values;

        var result = await f.Providers.Fallback.ForecastAsync("caiso_north", TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Ok, result.Status);
        Assert.Equal([Hour10.AddHours(1), Hour10.AddHours(2), Hour10.AddHours(4)], result.Points.Select(p => p.Start));
        // 1100 lbs/MWh × 453.59237 g/lb ÷ 1000 kWh/MWh; 800 and 900 likewise.
        Assert.Equal(498.951607, result.Points[0].Direct!.Value, 6);
        Assert.Equal(362.873896, result.Points[1].Direct!.Value, 6);
        Assert.Equal(408.233133, result.Points[2].Direct!.Value, 6);
        Assert.All(result.Points, p =>
        {
            Assert.Null(p.Lifecycle);
            Assert.Equal((Region, GridSignals.Marginal, "watttime", GridQualities.Forecast), (p.Zone, p.Signal, p.Source, p.Quality));
        });
        Assert.Equal($"/v3/forecast?region={Region}&signal_type=co2_moer", Assert.Single(f.Wt.DataRequests));
    }

    [Fact]
    public async Task HistoryAsync_Range_WholeHoursFromTheFirstHourStart_EndExcluded()
    {
        await using var f = await GridProviderFixture.StartAsync();
        var day = new DateTimeOffset(2026, 3, 9, 6, 0, 0, TimeSpan.Zero);
        var values = new SortedDictionary<DateTimeOffset, double>();
        for (var m = 0; m < 4 * 60; m += 5)
        {
            values[day.AddMinutes(m)] = day.AddMinutes(m).Hour switch { 7 => 1000, 8 => 2000, 9 => 4000, _ => 3000 };
        }

        f.Wt.Historical[Region] = values;

        var result = await f.WattTime.HistoryAsync(Region, day.AddMinutes(30), day.AddHours(3), TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Ok, result.Status);
        Assert.Equal([day.AddHours(1), day.AddHours(2)], result.Points.Select(p => p.Start));
        Assert.Equal(453.59237, result.Points[0].Direct!.Value, 6);
        Assert.Equal(907.18474, result.Points[1].Direct!.Value, 6);
        Assert.All(result.Points, p => Assert.Equal(GridQualities.Historical, p.Quality));
        Assert.Equal($"/v3/historical?region={Region}&start=2026-03-09T07%3A00%3A00Z&end=2026-03-09T09%3A00%3A00Z&signal_type=co2_moer", Assert.Single(f.Wt.DataRequests));
    }

    [Fact]
    public async Task HistoryAsync_LongerThan30Days_SplitIntoRequests()
    {
        await using var f = await GridProviderFixture.StartAsync();
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        f.Wt.Historical[Region] = new() { [from.AddDays(2)] = 1000, [from.AddDays(40)] = 1000 };

        var result = await f.WattTime.HistoryAsync(Region, from, from.AddDays(45), TestContext.Current.CancellationToken);

        Assert.Equal([from.AddDays(2), from.AddDays(40)], result.Points.Select(p => p.Start));
        Assert.Equal(2, f.Wt.DataRequests.Count);
    }

    [Fact]
    public async Task LatestAsync_MostRecentHourWithData_RealTime()
    {
        await using var f = await GridProviderFixture.StartAsync();
        var values = new SortedDictionary<DateTimeOffset, double>();
        for (var m = 0; m < 60; m += 5)
        {
            values[Hour10.AddHours(-1).AddMinutes(m)] = 1000;
        }

        values[Hour10] = 700;
        values[Hour10.AddMinutes(5)] = 800;
        values[Hour10.AddMinutes(10)] = 900;
        values[Hour10.AddMinutes(15)] = 1000;
        f.Wt.Historical[Region] = values;

        var result = await f.WattTime.LatestAsync(Region, TestContext.Current.CancellationToken);

        var point = Assert.Single(result.Points);
        Assert.Equal(Hour10, point.Start);
        Assert.Equal(385.5535145, point.Direct!.Value, 6);
        Assert.Equal(GridQualities.RealTime, point.Quality);
    }

    [Fact]
    public async Task ExpiredToken_ReLoginOnce_ThenSucceeds_AndTheNewTokenIsKept()
    {
        await using var f = await GridProviderFixture.StartAsync();
        f.Wt.Forecast[Region] = new() { [Hour10.AddHours(1)] = 1000 };

        var first = await f.WattTime.ForecastAsync(Region, TestContext.Current.CancellationToken);
        f.Wt.ExpireTokens();
        var second = await f.WattTime.ForecastAsync(Region, TestContext.Current.CancellationToken);
        var third = await f.WattTime.ForecastAsync(Region, TestContext.Current.CancellationToken);

        Assert.All([first, second, third], r => Assert.Equal(ProviderStatus.Ok, r.Status));
        Assert.Equal(2, f.Wt.Logins);
        Assert.Equal(4, f.Wt.DataRequests.Count);
        Assert.Equal(0, f.WattTime.Dependency!.Counts.Failures);
    }

    [Fact]
    public async Task TokenOlderThanItsLifetime_RenewedBeforeUse()
    {
        await using var f = await GridProviderFixture.StartAsync();
        f.Wt.Forecast[Region] = new() { [Hour10.AddHours(1)] = 1000 };

        await f.WattTime.ForecastAsync(Region, TestContext.Current.CancellationToken);
        f.Time.Advance(TimeSpan.FromMinutes(26));
        var result = await f.WattTime.ForecastAsync(Region, TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Ok, result.Status);
        Assert.Equal(2, f.Wt.Logins);
        Assert.Equal(2, f.Wt.DataRequests.Count);
    }

    [Fact]
    public async Task WrongPassword_Failed_NoDataRequest()
    {
        await using var f = await GridProviderFixture.StartAsync(configure: o => o.WattTime.Password = "wrong");

        var result = await f.WattTime.ForecastAsync(Region, TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Failed, result.Status);
        Assert.Contains("refused the user name and password", result.Error, StringComparison.Ordinal);
        Assert.Empty(f.Wt.DataRequests);
    }

    [Fact]
    public async Task AllCalls_NoCredentials_OffWithoutARequest()
    {
        await using var f = await GridProviderFixture.StartAsync(configure: o => o.WattTime.Username = null);
        var provider = f.Providers.Fallback;

        var results = new[]
        {
            await provider.LatestAsync(Region, TestContext.Current.CancellationToken),
            await provider.HistoryAsync(Region, Hour10.AddDays(-2), Hour10, TestContext.Current.CancellationToken),
            await provider.ForecastAsync(Region, TestContext.Current.CancellationToken),
        };
        var region = await f.WattTime.RegionAtAsync(37.77, -122.42, TestContext.Current.CancellationToken);

        Assert.False(provider.Enabled);
        Assert.All(results, r => Assert.Equal(ProviderStatus.Off, r.Status));
        Assert.Equal(ProviderStatus.Off, region.Status);
        Assert.Equal(0, f.Wt.Requests);
    }

    [Fact]
    public async Task PartialBody_KeepsGoodValues_CountsTheDropped()
    {
        await using var f = await GridProviderFixture.StartAsync();
        f.Wt.Forecast[Region] = new() { [Hour10.AddHours(1)] = 1000, [Hour10.AddHours(1).AddMinutes(5)] = 1200 };
        f.Wt.ExtraItems.AddRange(
        [
            """{"point_time":"2026-03-10T11:10:00+00:00","value":-3}""",
            """{"point_time":"2026-03-10T11:15:00+00:00","value":null}""",
            """{"point_time":"2026-03-10T11:20:00+00:00","value":"high"}""",
            """{"point_time":"2026-03-10T11:25:00+00:00","value":1e12}""",
            """{"point_time":"yesterday","value":1000}""",
            """{"value":1000}""",
        ]);

        var result = await f.WattTime.ForecastAsync(Region, TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Ok, result.Status);
        Assert.Equal(498.951607, Assert.Single(result.Points).Direct!.Value, 6);
        Assert.Equal(6, result.Dropped);
        Assert.StartsWith("6 value(s) dropped", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AverageSignal_Co2Aoer_AverageDirectOnly()
    {
        await using var f = await GridProviderFixture.StartAsync(configure: o => o.WattTime.SignalType = "co2_aoer");
        f.Wt.Forecast[Region] = new() { [Hour10.AddHours(1)] = 1000 };

        var result = await f.WattTime.ForecastAsync(Region, TestContext.Current.CancellationToken);

        Assert.Equal(GridSignals.Average, f.WattTime.Signal);
        var point = Assert.Single(result.Points);
        Assert.Equal((GridSignals.Average, 453.59237, (double?)null), (point.Signal, point.Direct!.Value, point.Lifecycle));
        Assert.EndsWith("signal_type=co2_aoer", Assert.Single(f.Wt.DataRequests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegionAtAsync_KnownAndUnknownLocation()
    {
        await using var f = await GridProviderFixture.StartAsync();

        var known = await f.WattTime.RegionAtAsync(37.77, -122.42, TestContext.Current.CancellationToken);
        var ocean = await f.WattTime.RegionAtAsync(0.5, -30, TestContext.Current.CancellationToken);

        Assert.Equal(new RegionLookup(ProviderStatus.Ok, Region, "California ISO Northern", null), known);
        Assert.Equal(ProviderStatus.UnknownZone, ocean.Status);
        Assert.Equal(0, f.WattTime.Dependency!.Counts.Failures);
    }
}
