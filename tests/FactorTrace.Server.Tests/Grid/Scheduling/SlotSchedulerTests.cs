using System.Collections.Concurrent;
using FactorTrace.Grid;
using FactorTrace.Grid.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FactorTrace.Server.Tests.Grid.Scheduling;

/// <summary>
/// Several scheduler instances on one database, on one fake clock: each slot of each job runs once across them, a slot
/// held by a dead instance is taken over after its lease, failures and missed slots are recorded.
/// </summary>
public abstract class SlotSchedulerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 28, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly GridOptions _options = new();
    private TestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await CreateDatabaseAsync();

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task RunDueAsync_ThreeInstancesOverHundredSlots_EachSlotRunsOnce()
    {
        var instances = new[] { Scheduler("a"), Scheduler("b"), Scheduler("c") };
        var hourly = new ConcurrentBag<(string Instance, DateTimeOffset Slot)>();
        var daily = new ConcurrentBag<DateTimeOffset>();
        ScheduledJob[] jobs =
        [
            new(GridJobNames.Ingest, _options.IngestEvery, _options.IngestOffset, (c, _) =>
            {
                hourly.Add((c.Instance, c.Slot));
                return Task.FromResult(new GridJobResult(24, 2, c.Instance));
            }),
            new(GridJobNames.Retention, _options.RetentionEvery, TimeSpan.Zero, async (c, ct) =>
            {
                daily.Add(c.Slot);
                await Task.Yield();
                return new GridJobResult(0);
            }),
        ];

        _time.SetUtcNow(Start.AddMinutes(7));
        var returned = 0;
        for (var i = 0; i < 100; i++)
        {
            var now = _time.GetUtcNow();
            var ran = await Task.WhenAll(instances.Select(s => s.RunDueAsync(now, jobs, Ct)));
            returned += ran.Sum(r => r.Count);
            _time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(100, hourly.Count);
        Assert.Equal(100, hourly.Select(h => h.Slot).Distinct().Count());
        Assert.All(hourly, h => Assert.Equal(5, h.Slot.Minute));
        Assert.Equal(5, daily.Count);
        Assert.Equal(5, daily.Distinct().Count());
        Assert.Equal(105, returned);

        await using var db = _database.Factory.Create();
        var runs = await db.GridRuns.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(100, runs.Count(r => r.Job == GridJobNames.Ingest));
        Assert.Equal(5, runs.Count(r => r.Job == GridJobNames.Retention));
        Assert.All(runs, r => Assert.Equal(GridRunOutcomes.Succeeded, r.Outcome));
        Assert.All(runs, r => Assert.NotNull(r.EndedAt));
        Assert.Equal(100, runs.Where(r => r.Job == GridJobNames.Ingest).Select(r => r.SlotUnix).Distinct().Count());
        Assert.All(runs.Where(r => r.Job == GridJobNames.Ingest), r => Assert.Equal((24, 2), (r.Rows, r.Replaced)));
        var slots = await db.GridSlots.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(105, slots.Count);
        Assert.All(slots, s => Assert.Equal(1, s.Attempts));
        Assert.All(slots, s => Assert.NotNull(s.CompletedAtUnix));

        var queries = new GridRunQueries(_database.Factory);
        Assert.Equal(0, await queries.MissedSlotsAsync(GridJobNames.Ingest, _options.IngestEvery, cancellationToken: Ct));
        Assert.Equal(0, await queries.MissedSlotsAsync(GridJobNames.Retention, _options.RetentionEvery, cancellationToken: Ct));
    }

    [Fact]
    public async Task RunDueAsync_InstanceDiesHoldingSlot_AnotherTakesItOverAfterTheLease()
    {
        var (dead, other, third) = (Scheduler("dead"), Scheduler("other"), Scheduler("third"));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource<GridJobResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var completed = new ConcurrentBag<GridJobContext>();
        var attempts = new ConcurrentBag<GridJobContext>();
        var job = new ScheduledJob(GridJobNames.Ingest, _options.IngestEvery, _options.IngestOffset, async (c, _) =>
        {
            attempts.Add(c);
            if (c.Instance == dead.Instance)
            {
                entered.SetResult();
                return await never.Task;
            }

            completed.Add(c);
            return new GridJobResult(10);
        });
        ScheduledJob[] jobs = [job];
        _time.SetUtcNow(Start.AddMinutes(6));

        var abandoned = dead.RunDueAsync(_time.GetUtcNow(), jobs, Ct);
        await entered.Task.WaitAsync(Ct);
        Assert.Empty(await other.RunDueAsync(_time.GetUtcNow(), jobs, Ct));
        _time.Advance(_options.SlotLease - TimeSpan.FromSeconds(1));
        Assert.Empty(await other.RunDueAsync(_time.GetUtcNow(), jobs, Ct));

        _time.Advance(TimeSpan.FromSeconds(2));
        var taken = Assert.Single(await other.RunDueAsync(_time.GetUtcNow(), jobs, Ct));
        Assert.Empty(await third.RunDueAsync(_time.GetUtcNow(), jobs, Ct));

        Assert.Equal(GridRunOutcomes.Succeeded, taken.Outcome);
        var context = Assert.Single(completed);
        Assert.Equal(2, context.Attempt);
        Assert.Equal(Start.AddMinutes(5), context.Slot);
        Assert.False(abandoned.IsCompleted);
        await using (var db = _database.Factory.Create())
        {
            var claim = await db.GridSlots.AsNoTracking().SingleAsync(Ct);
            Assert.Equal((other.Instance, 2), (claim.Owner, claim.Attempts));
            Assert.NotNull(claim.CompletedAtUnix);
            var runs = await db.GridRuns.AsNoTracking().ToListAsync(Ct);
            Assert.Equal(GridRunOutcomes.Running, Assert.Single(runs, r => r.Instance == dead.Instance).Outcome);
            Assert.Null(Assert.Single(runs, r => r.Instance == dead.Instance).EndedAt);
            Assert.Equal(GridRunOutcomes.Succeeded, Assert.Single(runs, r => r.Instance == other.Instance).Outcome);
        }

        // The "dead" instance comes back and finishes: it may not complete a slot it no longer holds.
        never.SetResult(new GridJobResult(99));
        var late = Assert.Single(await abandoned.WaitAsync(Ct));
        Assert.Equal(GridRunOutcomes.Failed, late.Outcome);
        Assert.Contains("another instance took it over", late.Detail, StringComparison.Ordinal);
        Assert.Equal(2, attempts.Count);
        await using (var db = _database.Factory.Create())
        {
            var claim = await db.GridSlots.AsNoTracking().SingleAsync(Ct);
            Assert.Equal((other.Instance, 2), (claim.Owner, claim.Attempts));
            Assert.Equal(1, await db.GridRuns.CountAsync(r => r.Outcome == GridRunOutcomes.Succeeded, Ct));
        }
    }

    [Fact]
    public async Task RunDueAsync_JobThrows_RecordedFailedAndRetriedOnlyInTheNextSlot()
    {
        var (a, b) = (Scheduler("a"), Scheduler("b"));
        var calls = 0;
        ScheduledJob[] jobs =
        [
            new(GridJobNames.Forecast, _options.ForecastEvery, TimeSpan.Zero, (_, _) =>
            {
                Interlocked.Increment(ref calls);
                throw new InvalidOperationException("provider said no");
            }),
        ];

        var failed = Assert.Single(await a.RunDueAsync(_time.GetUtcNow(), jobs, Ct));
        Assert.Empty(await b.RunDueAsync(_time.GetUtcNow(), jobs, Ct));
        _time.Advance(_options.SlotLease + TimeSpan.FromMinutes(1));
        Assert.Empty(await b.RunDueAsync(_time.GetUtcNow(), jobs, Ct));

        Assert.Equal(GridRunOutcomes.Failed, failed.Outcome);
        Assert.Equal("InvalidOperationException: provider said no", failed.Detail);
        Assert.Equal(1, calls);

        _time.Advance(_options.ForecastEvery);
        Assert.Equal(GridRunOutcomes.Failed, Assert.Single(await b.RunDueAsync(_time.GetUtcNow(), jobs, Ct)).Outcome);
        Assert.Equal(2, calls);
        await using var db = _database.Factory.Create();
        Assert.All(await db.GridSlots.AsNoTracking().ToListAsync(Ct), s => Assert.Equal(1, s.Attempts));
    }

    [Fact]
    public async Task RunDueAsync_CallerCancels_RunFailedAndSlotReleasedToAnotherInstance()
    {
        var (stopping, other) = (Scheduler("stopping"), Scheduler("other"));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ScheduledJob[] jobs =
        [
            new(GridJobNames.Ingest, _options.IngestEvery, _options.IngestOffset, async (c, ct) =>
            {
                if (c.Instance == stopping.Instance)
                {
                    entered.SetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                }

                return new GridJobResult(c.Attempt);
            }),
        ];
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var run = stopping.RunDueAsync(_time.GetUtcNow(), jobs, shutdown.Token);
        await entered.Task.WaitAsync(Ct);
        await shutdown.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var taken = Assert.Single(await other.RunDueAsync(_time.GetUtcNow(), jobs, Ct));
        Assert.Equal((GridRunOutcomes.Succeeded, 2), (taken.Outcome, taken.Rows));
        var recent = await new GridRunQueries(_database.Factory).RecentAsync(GridJobNames.Ingest, 10, Ct);
        var cancelled = Assert.Single(recent, r => r.Instance == stopping.Instance);
        Assert.Equal(GridRunOutcomes.Failed, cancelled.Outcome);
        Assert.StartsWith("cancelled", cancelled.Detail, StringComparison.Ordinal);
        Assert.NotNull(cancelled.EndedAt);
    }

    [Fact]
    public async Task RunDueAsync_SlotsMissedWhileAllWereDown_RunsOnlyTheCurrentAndCountsTheMissed()
    {
        var scheduler = Scheduler("a");
        var contexts = new ConcurrentBag<GridJobContext>();
        ScheduledJob[] jobs =
        [
            new(GridJobNames.Ingest, _options.IngestEvery, _options.IngestOffset, (c, _) =>
            {
                contexts.Add(c);
                return Task.FromResult(new GridJobResult(1));
            }),
        ];
        _time.SetUtcNow(Start.AddMinutes(30));
        await scheduler.RunDueAsync(jobs, Ct);
        _time.Advance(TimeSpan.FromHours(5));

        var run = Assert.Single(await scheduler.RunDueAsync(jobs, Ct));

        Assert.Equal(2, contexts.Count);
        Assert.Equal(4, contexts.Max(c => c.MissedBefore));
        Assert.Equal("missed 4 slot(s) before this one", run.Detail);
        var queries = new GridRunQueries(_database.Factory);
        Assert.Equal(4, await queries.MissedSlotsAsync(GridJobNames.Ingest, _options.IngestEvery, cancellationToken: Ct));
        Assert.Equal(0, await queries.MissedSlotsAsync(GridJobNames.Ingest, _options.IngestEvery, Start.AddHours(2), Ct));
        Assert.Equal(0, await queries.MissedSlotsAsync(GridJobNames.Forecast, _options.ForecastEvery, cancellationToken: Ct));
    }

    [Fact]
    public async Task RecentAsync_JobAndLimit_NewestFirstOfThatJob()
    {
        var scheduler = Scheduler("a");
        ScheduledJob[] jobs =
        [
            new(GridJobNames.Ingest, _options.IngestEvery, _options.IngestOffset, (c, _) => Task.FromResult(new GridJobResult(c.Slot.Hour))),
            new(GridJobNames.Forecast, _options.ForecastEvery, TimeSpan.Zero, (c, _) => Task.FromResult(new GridJobResult(-1, Partial: true))),
        ];
        for (var i = 0; i < 4; i++)
        {
            _time.SetUtcNow(Start.AddHours(i).AddMinutes(10));
            await scheduler.RunDueAsync(jobs, Ct);
        }

        var queries = new GridRunQueries(_database.Factory);
        var ingest = await queries.RecentAsync(GridJobNames.Ingest, 3, Ct);
        var all = await queries.RecentAsync(null, 100, Ct);

        Assert.Equal([3, 2, 1], ingest.Select(r => r.Rows));
        Assert.Equal([Start.AddHours(3).AddMinutes(5), Start.AddHours(2).AddMinutes(5), Start.AddHours(1).AddMinutes(5)], ingest.Select(r => r.Slot!.Value));
        Assert.Equal([Start.AddHours(3).AddMinutes(10), Start.AddHours(2).AddMinutes(10), Start.AddHours(1).AddMinutes(10)], ingest.Select(r => r.StartedAt));
        Assert.Equal(8, all.Count);
        Assert.Equal(4, all.Count(r => r.Outcome == GridRunOutcomes.Partial));
        Assert.Equal(all.OrderByDescending(r => r.StartedAt).Select(r => r.StartedAt), all.Select(r => r.StartedAt));
    }

    [Theory]
    [InlineData("ingest", 1500, 0)]
    [InlineData("ingest", 3600_000, 500)]
    [InlineData("", 3600_000, 0)]
    [InlineData("a-job-name-longer-than-thirty-two-characters", 3600_000, 0)]
    public async Task RunDueAsync_JobNotStorable_ThrowsBeforeClaimingAnything(string name, int periodMs, int offsetMs)
    {
        var calls = 0;
        ScheduledJob[] jobs =
        [
            new(GridJobNames.Retention, _options.RetentionEvery, TimeSpan.Zero, (_, _) => Task.FromResult(new GridJobResult(++calls))),
            new(name, TimeSpan.FromMilliseconds(periodMs), TimeSpan.FromMilliseconds(offsetMs), (_, _) => Task.FromResult(new GridJobResult(++calls))),
        ];

        await Assert.ThrowsAsync<ArgumentException>(() => Scheduler("a").RunDueAsync(jobs, Ct));

        Assert.Equal(0, calls);
        await using var db = _database.Factory.Create();
        Assert.Equal(0, await db.GridSlots.CountAsync(Ct));
    }

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private SlotScheduler Scheduler(string name) =>
        new(_database.Factory, _time, Microsoft.Extensions.Options.Options.Create(_options), NullLogger<SlotScheduler>.Instance, name);
}

public sealed class SqliteSlotSchedulerTests : SlotSchedulerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.SqliteAsync();
}

public sealed class PostgresSlotSchedulerTests : SlotSchedulerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
