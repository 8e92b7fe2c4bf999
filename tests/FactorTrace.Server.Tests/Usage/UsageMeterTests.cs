using FactorTrace.Usage;
using Microsoft.Extensions.Time.Testing;

namespace FactorTrace.Server.Tests.Usage;

/// <summary>The in-memory meter: nothing counted is lost or counted twice, whatever runs at the same time.</summary>
public sealed class UsageMeterTests
{
    [Fact]
    public async Task Drain_WhileEightThreadsCount_EveryUnitDrainedExactlyOnce()
    {
        var meter = new UsageMeter(new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero)));
        var tenant = Guid.NewGuid();
        long drained = 0;
        using var stop = new CancellationTokenSource();
        var drainer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                drained += meter.Drain().Sum(c => c.Quantity);
            }
        }, TestContext.Current.CancellationToken);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                meter.Add(tenant, Meters.FactorLookups);
            }
        }, TestContext.Current.CancellationToken)));
        await stop.CancelAsync();
        await drainer;
        drained += meter.Drain().Sum(c => c.Quantity);
        Assert.Equal(800_000, drained);
        Assert.Equal(0, meter.Pending);
    }

    [Fact]
    public void Drain_AcrossMidnight_CountsKeepTheirOwnDayAndRestoreGoesBackToIt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 23, 59, 59, TimeSpan.Zero));
        var meter = new UsageMeter(time);
        var tenant = Guid.NewGuid();
        meter.Add(tenant, Meters.Reports);
        time.Advance(TimeSpan.FromSeconds(2));
        meter.Add(tenant, Meters.Reports, 3);
        meter.Add(Guid.Empty, Meters.Reports); // no tenant: not counted
        meter.Add(tenant, Meters.Reports, 0);

        var first = meter.Drain().OrderBy(c => c.Day).ToList();
        Assert.Equal([(new DateOnly(2026, 12, 4), 1L), (new DateOnly(2026, 12, 5), 3L)], first.Select(c => (c.Day, c.Quantity)));
        meter.Restore(first); // a failed write puts them back, on their own days
        var again = meter.Drain().OrderBy(c => c.Day).ToList();
        Assert.Equal(first, again);
        Assert.Empty(meter.Drain());
    }
}
