using FactorTrace.Grid;
using FactorTrace.Grid.Providers;
using FactorTrace.Resilience;
using FactorTrace.Server.Tests.Doubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FactorTrace.Server.Tests.Grid.Providers;

/// <summary>
/// Both providers as <see cref="GridProvidersSetup.AddGridProviders"/> registers them, against the two doubles, on a fake
/// clock that drives the pipelines' timeouts, retry waits and breakers.
/// </summary>
internal sealed class GridProviderFixture : IAsyncDisposable
{
    /// <summary>Now, for the providers and the doubles: 10:20 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 20, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private GridProviderFixture(FakeTimeProvider time, ElectricityMapsDouble em, WattTimeDouble wt, ServiceProvider services)
    {
        Time = time;
        Em = em;
        Wt = wt;
        _services = services;
    }

    public FakeTimeProvider Time { get; }

    public ElectricityMapsDouble Em { get; }

    public WattTimeDouble Wt { get; }

    public GridProviders Providers => _services.GetRequiredService<GridProviders>();

    public ElectricityMapsProvider ElectricityMaps => _services.GetRequiredService<ElectricityMapsProvider>();

    public WattTimeProvider WattTime => _services.GetRequiredService<WattTimeProvider>();

    public IServiceProvider Services => _services;

    /// <summary>Pipeline settings for a double: one attempt, a timeout only an advanced clock reaches, breaker out of the way.</summary>
    public static DependencyOptions Quiet(int retries = 0) => new()
    {
        Timeout = TimeSpan.FromMinutes(1),
        MaxRetries = retries,
        RetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryAfter = TimeSpan.FromSeconds(10),
        MinimumThroughput = 1000,
    };

    public static async Task<GridProviderFixture> StartAsync(DependencyOptions? resilience = null, Action<GridOptions>? configure = null)
    {
        var time = new FakeTimeProvider(Now);
        var em = await ElectricityMapsDouble.StartAsync(time.GetUtcNow);
        var wt = await WattTimeDouble.StartAsync();
        var pipeline = resilience ?? Quiet();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddOptions<GridOptions>().Configure(o =>
        {
            o.ElectricityMaps.BaseUrl = em.BaseUrl;
            o.ElectricityMaps.ApiKey = ElectricityMapsDouble.ApiKey;
            o.WattTime.BaseUrl = wt.BaseUrl;
            o.WattTime.LoginUrl = wt.LoginUrl;
            o.WattTime.Username = WattTimeDouble.Username;
            o.WattTime.Password = WattTimeDouble.Password;
            configure?.Invoke(o);
        });
        services.AddSingleton(new DependencyRegistry(Options.Create(new ResilienceOptions
        {
            Dependencies = new(StringComparer.OrdinalIgnoreCase)
            {
                [ElectricityMapsProvider.ProviderName] = pipeline,
                [WattTimeProvider.ProviderName] = pipeline,
            },
        }), time));
        services.AddGridProviders();
        return new GridProviderFixture(time, em, wt, services.BuildServiceProvider());
    }

    /// <summary>Advances the clock in steps until <paramref name="done"/> (a request the pipeline holds back reaching a double).</summary>
    public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan step, int maxSteps = 200)
    {
        for (var i = 0; i < maxSteps && !done(); i++)
        {
            Time.Advance(step);
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(done(), "the awaited request never came");
    }

    /// <summary>Waits (real time, bounded) until a request has reached a double.</summary>
    public static async Task WaitForAsync(Func<bool> done)
    {
        for (var i = 0; i < 500 && !done(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(done(), "the awaited request never came");
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Em.DisposeAsync();
        await Wt.DisposeAsync();
    }
}
