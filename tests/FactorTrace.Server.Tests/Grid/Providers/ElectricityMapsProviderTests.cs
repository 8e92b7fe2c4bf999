using FactorTrace.Grid.Model;
using FactorTrace.Grid.Providers;
using FactorTrace.Server.Tests.Doubles;

namespace FactorTrace.Server.Tests.Grid.Providers;

/// <summary>The Electricity Maps provider against a double speaking its v3 shapes: values, qualities, mix, ranges, gaps.</summary>
public sealed class ElectricityMapsProviderTests
{
    private static readonly DateTimeOffset Hour10 = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LatestAsync_KnownZone_DirectAndLifecycleWithMixShares()
    {
        await using var f = await GridProviderFixture.StartAsync();
        f.Em.Zones["DE"] = [new EmHour(Hour10, 250, 180)
        {
            Breakdown = new Dictionary<string, double?> { ["nuclear"] = 300, ["gas"] = 100, ["wind"] = 100, ["solar"] = null, ["battery discharge"] = -50 },
        }];

        var result = await f.Providers.Primary.LatestAsync("de", TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Ok, result.Status);
        var point = Assert.Single(result.Points);
        Assert.Equal(new GridPoint("DE", Hour10, 180, 250, GridSignals.Average, "electricitymaps", GridQualities.RealTime), point with { Mix = null, FetchedAt = default });
        Assert.Equal(GridProviderFixture.Now, point.FetchedAt);
        Assert.Equal(new Dictionary<string, double> { ["nuclear"] = 0.6, ["gas"] = 0.2, ["wind"] = 0.2 }, point.Mix);
        Assert.Null(result.Error);
        Assert.All(f.Em.Log, r => Assert.Equal(ElectricityMapsDouble.ApiKey, r.AuthToken));
        Assert.Equal(
            ["/v3/carbon-intensity/latest?zone=DE&emissionFactorType=lifecycle", "/v3/carbon-intensity/latest?zone=DE&emissionFactorType=direct", "/v3/power-breakdown/latest?zone=DE"],
            f.Em.Log.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task HistoryAsync_WithinLastDay_HistoricalAndEstimatedHours_OnlyTheRange()
    {
        await using var f = await GridProviderFixture.StartAsync();
        f.Em.Zones["FR"] = Enumerable.Range(0, 24).Select(i => new EmHour(Hour10.AddHours(-i), 40 + i, 20 + i, Estimated: i == 2, Method: i == 2 ? "TIME_SLICER_AVERAGE" : null)).ToList();

        var result = await f.ElectricityMaps.HistoryAsync("FR", Hour10.AddHours(-3), Hour10, TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Ok, result.Status);
        Assert.Equal([Hour10.AddHours(-3), Hour10.AddHours(-2), Hour10.AddHours(-1)], result.Points.Select(p => p.Start));
        Assert.Equal([43.0, 42, 41], result.Points.Select(p => p.Lifecycle!.Value));
        Assert.Equal([23.0, 22, 21], result.Points.Select(p => p.Direct!.Value));
        Assert.Equal([GridQualities.Historical, GridQualities.Estimated, GridQualities.Historical], result.Points.Select(p => p.Quality));
        Assert.Equal("TIME_SLICER_AVERAGE", result.Points[1].EstimationMethod);
        Assert.All(f.Em.Log, r => Assert.StartsWith("/v3/", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Contains(f.Em.Log, r => r.PathAndQuery == "/v3/carbon-intensity/history?zone=FR&emissionFactorType=direct");
    }

    [Fact]
    public async Task HistoryAsync_OlderThanADay_PastRangeInTenDayRequests_EveryHourOnce()
    {
        await using var f = await GridProviderFixture.StartAsync();
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        f.Em.Zones["PL"] = Enumerable.Range(0, 15 * 24).Select(i => new EmHour(from.AddHours(i), 700, 600)).ToList();

        var result = await f.ElectricityMaps.HistoryAsync("PL", from, from.AddDays(15), TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Ok, result.Status);
        Assert.Equal(Enumerable.Range(0, 15 * 24).Select(i => from.AddHours(i)), result.Points.Select(p => p.Start));
        var ranges = f.Em.Log.Select(r => r.PathAndQuery).Where(p => p.StartsWith("/v3/carbon-intensity/past-range", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, ranges.Count);
        Assert.Contains("/v3/carbon-intensity/past-range?zone=PL&start=2026-01-11T00%3A00%3A00Z&end=2026-01-16T00%3A00%3A00Z&emissionFactorType=lifecycle", ranges);
        Assert.Equal(2, f.Em.Log.Count(r => r.PathAndQuery.StartsWith("/v3/power-breakdown/past-range", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ForecastAsync_SkippedHour_HasNoPoint()
    {
        await using var f = await GridProviderFixture.StartAsync();
        f.Em.Forecasts["DE"] = [new EmHour(Hour10.AddHours(1), 300, 200), new EmHour(Hour10.AddHours(2), 310, 210), new EmHour(Hour10.AddHours(4), 330, 230)];

        var result = await f.ElectricityMaps.ForecastAsync("DE", TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Ok, result.Status);
        Assert.Equal([Hour10.AddHours(1), Hour10.AddHours(2), Hour10.AddHours(4)], result.Points.Select(p => p.Start));
        Assert.All(result.Points, p => Assert.Equal(GridQualities.Forecast, p.Quality));
        Assert.Equal([200.0, 210, 230], result.Points.Select(p => p.Direct!.Value));
        Assert.DoesNotContain(f.Em.Log, r => r.PathAndQuery.Contains("power-breakdown", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HistoryAsync_PartialBody_KeepsGoodPoints_CountsTheDropped()
    {
        await using var f = await GridProviderFixture.StartAsync();
        f.Em.Zones["DE"] = [new EmHour(Hour10.AddHours(-2), 300, 200), new EmHour(Hour10.AddHours(-1), 310, 210)];
        f.Em.ExtraItems.AddRange(
        [
            """{"carbonIntensity":-4,"datetime":"2026-03-10T07:00:00.000Z"}""",
            """{"carbonIntensity":null,"datetime":"2026-03-10T06:00:00.000Z"}""",
            """{"carbonIntensity":1e9,"datetime":"2026-03-10T05:00:00.000Z"}""",
            """{"carbonIntensity":"NaN","datetime":"2026-03-10T04:00:00.000Z"}""",
            """{"carbonIntensity":120,"datetime":"2026-03-10T03:30:00.000Z"}""",
            """{"carbonIntensity":120}""",
        ]);

        var result = await f.ElectricityMaps.HistoryAsync("DE", Hour10.AddHours(-12), Hour10, TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Ok, result.Status);
        Assert.Equal([Hour10.AddHours(-2), Hour10.AddHours(-1)], result.Points.Select(p => p.Start));
        Assert.Equal(12, result.Dropped);
        Assert.StartsWith("12 value(s) dropped", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LatestAsync_MixUnavailable_PointsWithoutMix_Noted()
    {
        await using var f = await GridProviderFixture.StartAsync();
        f.Em.Zones["DE"] = [new EmHour(Hour10, 250, 180)];
        f.Em.Faults.Next.Enqueue(c => HandleNormally(c));
        f.Em.Faults.Next.Enqueue(c => HandleNormally(c));
        f.Em.Faults.Next.Enqueue(HttpFaults.Status(503));

        var result = await f.ElectricityMaps.LatestAsync("DE", TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Ok, result.Status);
        Assert.Null(Assert.Single(result.Points).Mix);
        Assert.Contains("no generation mix", result.Error, StringComparison.Ordinal);

        static Task HandleNormally(Microsoft.AspNetCore.Http.HttpContext context) =>
            StubHttpServer.Json(context, """{"zone":"DE","carbonIntensity":250,"datetime":"2026-03-10T10:00:00.000Z","isEstimated":false}""");
    }

    [Fact]
    public async Task AllCalls_NoApiKey_OffWithoutARequest()
    {
        await using var f = await GridProviderFixture.StartAsync(configure: o => o.ElectricityMaps.ApiKey = " ");
        var provider = f.Providers.Primary;

        var latest = await provider.LatestAsync("DE", TestContext.Current.CancellationToken);
        var history = await provider.HistoryAsync("DE", Hour10.AddDays(-30), Hour10, TestContext.Current.CancellationToken);
        var forecast = await provider.ForecastAsync("DE", TestContext.Current.CancellationToken);

        Assert.False(provider.Enabled);
        Assert.All([latest, history, forecast], r => Assert.Equal(ProviderStatus.Off, r.Status));
        Assert.Equal(0, f.Em.Requests);
        Assert.Null(f.ElectricityMaps.Dependency);
    }
}
