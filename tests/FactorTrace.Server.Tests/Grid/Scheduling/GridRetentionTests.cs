using FactorTrace.Data.Grid;
using FactorTrace.Grid;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FactorTrace.Server.Tests.Grid.Scheduling;

/// <summary>
/// Retention over 100 days of hourly points in five provider zones and one dataset zone, 90 days kept, in batches of
/// 1000: the ten oldest days of the provider zones go (1200 points, so a day is split between two batches), their daily
/// means are kept and equal the hand-computed ones, and the year's mean still equals the mean of all its hours.
/// </summary>
public abstract class GridRetentionTests : IAsyncLifetime
{
    private const int Days = 100;
    private static readonly DateTimeOffset First = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] ProviderZones = ["DE", "PL", "ES", "IT", "NL"];
    private const string DatasetZone = "FR";

    // 90 days before 2026-04-11T00:30Z is 2026-01-11T00:30Z; the cut-off is that day's midnight, so ten days go.
    private static readonly DateTimeOffset Now = new(2026, 4, 11, 0, 30, 0, TimeSpan.Zero);

    private TestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        await using var db = _database.Factory.Create();
        db.GridPoints.AddRange(Points());
        await db.SaveChangesAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task RunAsync_PointsOlderThanRetention_DeletedInBatchesWithDailyMeansKept()
    {
        var time = new FakeTimeProvider(Now);
        var options = Options(includeDatasets: false);
        var retention = new GridRetention(_database.Factory, options, NullLogger<GridRetention>.Instance);
        var scheduler = new SlotScheduler(_database.Factory, time, options, NullLogger<SlotScheduler>.Instance, "a");

        var run = Assert.Single(await scheduler.RunDueAsync([retention.Job()], Ct));

        Assert.Equal((GridRunOutcomes.Succeeded, 5 * 10 * 24), (run.Outcome, run.Rows));
        Assert.Equal(new DateTimeOffset(2026, 4, 11, 0, 0, 0, TimeSpan.Zero), run.Slot);
        await using var db = _database.Factory.Create();
        Assert.Equal((6 * Days * 24) - (5 * 10 * 24), await db.GridPoints.CountAsync(Ct));
        Assert.Equal(Days * 24, await db.GridPoints.CountAsync(p => p.Zone == DatasetZone, Ct));
        Assert.False(await db.GridPoints.AnyAsync(p => p.Zone != DatasetZone && p.StartUnix < First.AddDays(10).ToUnixTimeSeconds(), Ct));
        Assert.True(await db.GridPoints.AnyAsync(p => p.Zone != DatasetZone && p.StartUnix == First.AddDays(10).ToUnixTimeSeconds(), Ct));

        var daily = await db.GridDailyAverages.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(5 * 10, daily.Count);
        foreach (var row in daily)
        {
            var zone = Array.IndexOf(ProviderZones, row.Zone);
            var day = row.Day.DayNumber - DateOnly.FromDateTime(First.UtcDateTime).DayNumber;
            Assert.InRange(day, 0, 9);
            Assert.Equal(GridSignals.Average, row.Signal);
            Assert.Equal(24, row.Hours);
            Assert.Equal(100 + (2 * day) + 11.5 + (10 * zone), row.Direct!.Value, 9);
            Assert.Equal(150 + (2 * day) + 11.5 + (10 * zone), row.Lifecycle!.Value, 9);
        }

        Assert.Equal(0, await retention.RunAsync(Now, Ct));
        Assert.Equal(5 * 10, await db.GridDailyAverages.CountAsync(Ct));
    }

    [Fact]
    public async Task RunAsync_DatasetsIncluded_DatasetPointsDeletedTooWithTheirMeans()
    {
        var retention = new GridRetention(_database.Factory, Options(includeDatasets: true), NullLogger<GridRetention>.Instance);

        Assert.Equal(6 * 10 * 24, await retention.RunAsync(Now, Ct));

        await using var db = _database.Factory.Create();
        Assert.Equal((Days - 10) * 24, await db.GridPoints.CountAsync(p => p.Zone == DatasetZone, Ct));
        var france = await db.GridDailyAverages.AsNoTracking().Where(d => d.Zone == DatasetZone).OrderBy(d => d.Day).ToListAsync(Ct);
        Assert.Equal(10, france.Count);
        Assert.Equal(new DateOnly(2026, 1, 1), france[0].Day);
        Assert.Equal(30 + 11.5, france[0].Direct!.Value, 9);
        Assert.Null(france[0].Lifecycle);
        Assert.Equal(30 + 18 + 11.5, france[9].Direct!.Value, 9);
    }

    [Fact]
    public async Task YearlyAverageAsync_AfterRetention_EqualsTheMeanOfAllHours()
    {
        var points = Points().ToList();
        var retention = new GridRetention(_database.Factory, Options(includeDatasets: true), NullLogger<GridRetention>.Instance);
        var averages = new GridAverageQueries(_database.Factory);
        var before = await averages.YearlyAverageAsync("DE", GridSignals.Average, 2026, Ct);

        await retention.RunAsync(Now, Ct);

        foreach (var zone in ProviderZones.Append(DatasetZone))
        {
            var hours = points.Where(p => p.Zone == zone).ToList();
            var yearly = await averages.YearlyAverageAsync(zone, GridSignals.Average, 2026, Ct);
            Assert.Equal(Days * 24, yearly.Hours);
            Assert.Equal(hours.Average(p => p.Direct!.Value), yearly.Direct!.Value, 9);
            Assert.Equal(hours.Average(p => p.Lifecycle) is null, yearly.Lifecycle is null);
            Assert.Equal(hours.Average(p => p.Lifecycle) ?? 0, yearly.Lifecycle ?? 0, 9);
        }

        var after = await averages.YearlyAverageAsync("DE", GridSignals.Average, 2026, Ct);
        Assert.Equal(before.Hours, after.Hours);
        Assert.Equal(before.Direct!.Value, after.Direct!.Value, 9);
        Assert.Equal(0, (await averages.YearlyAverageAsync("DE", GridSignals.Average, 2025, Ct)).Hours);
        Assert.Equal(0, (await averages.YearlyAverageAsync("DE", GridSignals.Marginal, 2026, Ct)).Hours);
    }

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private static Microsoft.Extensions.Options.IOptions<GridOptions> Options(bool includeDatasets) => Microsoft.Extensions.Options.Options.Create(new GridOptions
    {
        Retention = TimeSpan.FromDays(90),
        RetentionBatch = 1000,
        RetentionIncludesDatasets = includeDatasets,
    });

    // Provider zone z, day d, hour h: direct 100 + 2d + h + 10z, life-cycle 50 more. The dataset zone: direct 30 + 2d + h, no life-cycle.
    private static IEnumerable<GridPointRow> Points()
    {
        for (var day = 0; day < Days; day++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                var start = First.AddDays(day).AddHours(hour).ToUnixTimeSeconds();
                for (var zone = 0; zone < ProviderZones.Length; zone++)
                {
                    double direct = 100 + (2 * day) + hour + (10 * zone);
                    yield return Point(ProviderZones[zone], start, direct, direct + 50, GridOrigins.Provider);
                }

                yield return Point(DatasetZone, start, 30 + (2 * day) + hour, null, GridOrigins.Dataset);
            }
        }
    }

    private static GridPointRow Point(string zone, long start, double direct, double? lifecycle, string origin) => new()
    {
        Zone = zone,
        Signal = GridSignals.Average,
        StartUnix = start,
        Direct = direct,
        Lifecycle = lifecycle,
        Source = origin == GridOrigins.Dataset ? "test-dataset" : "electricitymaps",
        Quality = GridQualities.Historical,
        QualityRank = GridQualities.Rank(GridQualities.Historical),
        Origin = origin,
        FetchedAtUnix = start + 3600,
    };
}

public sealed class SqliteGridRetentionTests : GridRetentionTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.SqliteAsync();
}

public sealed class PostgresGridRetentionTests : GridRetentionTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
