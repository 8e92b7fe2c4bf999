using FactorTrace.Grid.Providers;
using FactorTrace.Server.Tests.Doubles;
using Polly.CircuitBreaker;

namespace FactorTrace.Server.Tests.Grid.Providers;

/// <summary>
/// The providers' failures through their dependency pipelines, on the fake clock: Retry-After, the breaker, a hang, broken
/// bodies, and an unknown zone that is not a failure.
/// </summary>
public sealed class ProviderResilienceTests
{
    private static readonly DateTimeOffset Hour10 = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LatestAsync_429WithRetryAfter_RetriedOnlyAfterTheWait()
    {
        await using var f = await GridProviderFixture.StartAsync(GridProviderFixture.Quiet(retries: 1));
        f.Em.Zones["DE"] = [new EmHour(Hour10, 250, 180)];
        f.Em.Faults.Next.Enqueue(HttpFaults.Status(429, retryAfter: "3"));

        var call = f.ElectricityMaps.LatestAsync("DE", TestContext.Current.CancellationToken);
        await GridProviderFixture.WaitForAsync(() => f.Em.Requests == 1);
        await f.AdvanceUntilAsync(() => f.Em.Requests >= 2, TimeSpan.FromMilliseconds(500));
        var result = await call;

        Assert.Equal(ProviderStatus.Ok, result.Status);
        var lifecycle = f.Em.Log.Where(r => r.PathAndQuery.Contains("lifecycle", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lifecycle.Count);
        Assert.True(lifecycle[1].At - lifecycle[0].At >= TimeSpan.FromSeconds(3), $"retried after {lifecycle[1].At - lifecycle[0].At} of clock");
        Assert.Equal(0, f.ElectricityMaps.Dependency!.Counts.Failures);
    }

    [Fact]
    public async Task LatestAsync_BurstOf5xx_OpensTheCircuit_ThenCircuitOpenWithoutARequest()
    {
        var breaker = GridProviderFixture.Quiet();
        breaker.MinimumThroughput = 4;
        breaker.FailureRatio = 0.5;
        breaker.SamplingDuration = TimeSpan.FromSeconds(30);
        breaker.BreakDuration = TimeSpan.FromSeconds(60);
        await using var f = await GridProviderFixture.StartAsync(breaker);
        f.Em.Zones["DE"] = [new EmHour(Hour10, 250, 180)];
        f.Em.Faults.Always = HttpFaults.Status(503);

        var failures = new List<ProviderResult>();
        for (var i = 0; i < 4; i++)
        {
            failures.Add(await f.ElectricityMaps.LatestAsync("DE", TestContext.Current.CancellationToken));
        }

        var before = f.Em.Requests;
        var rejected = await f.ElectricityMaps.LatestAsync("DE", TestContext.Current.CancellationToken);

        Assert.All(failures, r => Assert.Equal(ProviderStatus.Failed, r.Status));
        Assert.Contains("HTTP 503", failures[0].Error, StringComparison.Ordinal);
        Assert.Equal(CircuitState.Open, f.ElectricityMaps.Dependency!.State);
        Assert.Equal(ProviderStatus.CircuitOpen, rejected.Status);
        Assert.Equal(before, f.Em.Requests);
    }

    [Fact]
    public async Task LatestAsync_HangPastTheTimeout_Failed()
    {
        var settings = GridProviderFixture.Quiet();
        settings.Timeout = TimeSpan.FromMilliseconds(200);
        await using var f = await GridProviderFixture.StartAsync(settings);
        f.Em.Zones["DE"] = [new EmHour(Hour10, 250, 180)];
        f.Em.Faults.Always = HttpFaults.Hang(TimeSpan.FromSeconds(5));

        var call = f.ElectricityMaps.LatestAsync("DE", TestContext.Current.CancellationToken);
        await GridProviderFixture.WaitForAsync(() => f.Em.Requests == 1);
        f.Time.Advance(TimeSpan.FromMilliseconds(200));
        var result = await call;

        Assert.Equal(ProviderStatus.Failed, result.Status);
        Assert.Contains("no answer within 200 ms", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, f.Em.Requests);
    }

    [Fact]
    public async Task LatestAsync_MalformedJson_FailedAndCounted()
    {
        await using var f = await GridProviderFixture.StartAsync();
        f.Em.Faults.Always = HttpFaults.Malformed;

        var result = await f.ElectricityMaps.LatestAsync("DE", TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Failed, result.Status);
        Assert.Contains("malformed", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, f.ElectricityMaps.Dependency!.Counts.Failures);
    }

    [Fact]
    public async Task ForecastAsync_TruncatedBody_Failed()
    {
        await using var f = await GridProviderFixture.StartAsync();
        f.Wt.Forecast["CAISO_NORTH"] = new() { [Hour10.AddHours(1)] = 900 };
        f.Wt.Faults.Next.Enqueue(c => Login(c));
        f.Wt.Faults.Next.Enqueue(HttpFaults.Truncated);

        var result = await f.WattTime.ForecastAsync("CAISO_NORTH", TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Failed, result.Status);
        Assert.Equal(1, f.WattTime.Dependency!.Counts.Failures);

        static Task Login(Microsoft.AspNetCore.Http.HttpContext context) => StubHttpServer.Json(context, """{"token":"unused"}""");
    }

    [Fact]
    public async Task WattTime_UnknownUnits_FailedAsMalformed()
    {
        await using var f = await GridProviderFixture.StartAsync();
        f.Wt.Forecast["CAISO_NORTH"] = new() { [Hour10.AddHours(1)] = 900 };
        f.Wt.Units = "percentile";

        var result = await f.WattTime.ForecastAsync("CAISO_NORTH", TestContext.Current.CancellationToken);

        Assert.True(result.Status == ProviderStatus.Failed, result.Error);
        Assert.Contains("unknown units 'percentile'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownZone_NotAFailure_TheBreakerStaysClosed()
    {
        var breaker = GridProviderFixture.Quiet();
        breaker.MinimumThroughput = 2;
        breaker.FailureRatio = 0.5;
        await using var f = await GridProviderFixture.StartAsync(breaker);

        var results = new List<ProviderResult>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await f.ElectricityMaps.LatestAsync("XX-NOWHERE", TestContext.Current.CancellationToken));
            results.Add(await f.WattTime.ForecastAsync("NOWHERE_ISO", TestContext.Current.CancellationToken));
        }

        Assert.All(results, r => Assert.Equal(ProviderStatus.UnknownZone, r.Status));
        Assert.Contains("XX-NOWHERE", results[0].Error, StringComparison.Ordinal);
        Assert.Contains("NOWHERE_ISO", results[1].Error, StringComparison.Ordinal);
        Assert.Equal(4, f.Em.Requests);
        foreach (var dependency in new[] { f.ElectricityMaps.Dependency!, f.WattTime.Dependency! })
        {
            Assert.Equal(CircuitState.Closed, dependency.State);
            Assert.Equal(0, dependency.Counts.Failures);
        }
    }

    [Fact]
    public async Task AnotherFourHundred_IsAFailureNotAnUnknownZone()
    {
        await using var f = await GridProviderFixture.StartAsync();
        f.Em.Faults.Always = c => StubHttpServer.Json(c, """{"message":"temporalGranularity must be one of hourly, daily"}""", 400);

        var result = await f.ElectricityMaps.LatestAsync("DE", TestContext.Current.CancellationToken);

        Assert.Equal(ProviderStatus.Failed, result.Status);
        Assert.Equal(1, f.ElectricityMaps.Dependency!.Counts.Failures);
    }
}
