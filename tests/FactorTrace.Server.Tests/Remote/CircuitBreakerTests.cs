using FactorTrace.Resilience;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace FactorTrace.Server.Tests.Remote;

/// <summary>The per-dependency breaker, exactly, on a fake clock: opens, rejects without calling, one probe, closes.</summary>
public sealed class CircuitBreakerTests
{
    private static readonly DependencyOptions Settings = new()
    {
        MinimumThroughput = 4,
        FailureRatio = 0.5,
        SamplingDuration = TimeSpan.FromSeconds(30),
        BreakDuration = TimeSpan.FromSeconds(60),
        MaxRetries = 0,
        Timeout = TimeSpan.FromSeconds(10),
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private int _calls;

    [Fact]
    public async Task Failures_BelowMinimumThroughput_StayClosed_AtThroughput_Open()
    {
        using var registry = RemoteFixtures.Dependencies("src", Settings, _time);
        var dependency = registry.Get("src", DependencyKind.RemoteApi);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(DependencyOutcome.Error, (await CallAsync(dependency, fail: true)).Outcome);
        }

        Assert.Equal(CircuitState.Closed, dependency.State);
        await CallAsync(dependency, fail: true);
        Assert.Equal(CircuitState.Open, dependency.State);
        Assert.Equal(_time.GetUtcNow(), dependency.LastTransition);
    }

    [Fact]
    public async Task Open_RejectsWithoutCalling_AsAnOutcome_UntilBreakDuration()
    {
        using var registry = RemoteFixtures.Dependencies("src", Settings, _time);
        var dependency = await OpenedAsync(registry);
        var before = _calls;

        var rejected = await CallAsync(dependency, fail: false);
        _time.Advance(TimeSpan.FromSeconds(59));
        var stillRejected = await CallAsync(dependency, fail: false);

        Assert.Equal(DependencyOutcome.CircuitOpen, rejected.Outcome);
        Assert.Equal(DependencyOutcome.CircuitOpen, stillRejected.Outcome);
        Assert.Equal(before, _calls);
        Assert.Equal(2, dependency.Counts.Rejections);
    }

    [Fact]
    public async Task AfterBreak_OneProbe_FailedProbeReopens_SuccessfulProbeCloses()
    {
        using var registry = RemoteFixtures.Dependencies("src", Settings, _time);
        var dependency = await OpenedAsync(registry);

        _time.Advance(TimeSpan.FromSeconds(60));
        var failedProbe = await CallAsync(dependency, fail: true);
        Assert.Equal(DependencyOutcome.Error, failedProbe.Outcome);
        Assert.Equal(CircuitState.Open, dependency.State);
        Assert.Equal(DependencyOutcome.CircuitOpen, (await CallAsync(dependency, fail: false)).Outcome);

        _time.Advance(TimeSpan.FromSeconds(60));
        var probe = await CallAsync(dependency, fail: false);
        Assert.True(probe.Succeeded);
        Assert.Equal(CircuitState.Closed, dependency.State);
        Assert.True((await CallAsync(dependency, fail: false)).Succeeded);
    }

    [Fact]
    public async Task HalfOpen_HungProbe_OtherCallsStillRejected()
    {
        using var registry = RemoteFixtures.Dependencies("src", Settings, _time);
        var dependency = await OpenedAsync(registry);
        _time.Advance(TimeSpan.FromSeconds(60));
        var hang = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var probe = dependency.ExecuteAsync((_, _) => new ValueTask<int>(hang.Task), 0, TestContext.Current.CancellationToken).AsTask();
        var concurrent = await CallAsync(dependency, fail: false);

        Assert.Equal(DependencyOutcome.CircuitOpen, concurrent.Outcome);
        hang.SetResult(1);
        Assert.True((await probe).Succeeded);
        Assert.Equal(CircuitState.Closed, dependency.State);
    }

    [Fact]
    public async Task FailuresOutsideSamplingWindow_DoNotOpen()
    {
        using var registry = RemoteFixtures.Dependencies("src", Settings, _time);
        var dependency = registry.Get("src", DependencyKind.RemoteApi);

        for (var i = 0; i < 6; i++)
        {
            await CallAsync(dependency, fail: true);
            await CallAsync(dependency, fail: false);
            await CallAsync(dependency, fail: false);
            _time.Advance(TimeSpan.FromSeconds(31));
        }

        Assert.Equal(CircuitState.Closed, dependency.State);
    }

    [Fact]
    public void Overrides_FromConfiguration_ReachThePipeline_AndKindDefaultsFillTheRest()
    {
        using var registry = RemoteFixtures.Dependencies("src", new DependencyOptions { MinimumThroughput = 2, BreakDuration = TimeSpan.FromMinutes(5) }, _time);

        var policy = registry.Get("src", DependencyKind.RemoteApi).Policy;
        var redis = registry.Get("redis", DependencyKind.Cache).Policy;

        Assert.Equal(2, policy.MinimumThroughput);
        Assert.Equal(TimeSpan.FromMinutes(5), policy.BreakDuration);
        Assert.Equal(TimeSpan.FromSeconds(2), policy.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(50), redis.Timeout);
        Assert.Equal(0, redis.MaxRetries);
    }

    [Fact]
    public void InvalidOverrides_NameTheSetting()
    {
        var problems = DependencyPolicy.For(DependencyKind.RemoteApi, new DependencyOptions { MinimumThroughput = 1, BreakDuration = TimeSpan.FromMilliseconds(10) }).Validate("ecoinvent").ToList();

        Assert.Contains(problems, p => p.StartsWith("FactorTrace:Resilience:Dependencies:ecoinvent:MinimumThroughput", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("FactorTrace:Resilience:Dependencies:ecoinvent:BreakDuration", StringComparison.Ordinal));
    }

    private async Task<Dependency> OpenedAsync(DependencyRegistry registry)
    {
        var dependency = registry.Get("src", DependencyKind.RemoteApi);
        for (var i = 0; i < 4; i++)
        {
            await CallAsync(dependency, fail: true);
        }

        Assert.Equal(CircuitState.Open, dependency.State);
        return dependency;
    }

    private ValueTask<DependencyResult<int>> CallAsync(Dependency dependency, bool fail) =>
        dependency.ExecuteAsync(
            (self, _) =>
            {
                Interlocked.Increment(ref self._calls);
                return fail ? throw new TransientFailureException("HTTP 503", null, 503) : ValueTask.FromResult(1);
            },
            this,
            TestContext.Current.CancellationToken);
}
