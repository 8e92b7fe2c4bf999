using FactorTrace.Data;
using FactorTrace.Datasets;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Grid.Ingestion;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FactorTrace.Server.Tests.Grid;

/// <summary>
/// The hourly store on both databases: idempotent upserts, a real value replacing a forecast (counted), a forecast never
/// replacing a real value, the shipped history ingested once by hash with every hour exact, recently read days served
/// until a write through the store or their lifetime ends.
/// </summary>
public abstract class GridStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(Noon);
    private TestDatabase _database = null!;
    private SystemDbFactory _databases = null!;
    private GridStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _databases = _database.Factory;
        _store = new GridStore(_databases, _time);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Upsert_SamePointsTwice_SecondTimeChangesNothing()
    {
        var points = Hours("DE", 48, GridQualities.Historical, i => 100 + i);
        var first = await _store.UpsertAsync(points, GridOrigins.Provider, Ct);
        var second = await _store.UpsertAsync(points, GridOrigins.Provider, Ct);
        Assert.Equal(new UpsertCounts(48, 0, 0, 0, 0), first);
        Assert.Equal(new UpsertCounts(0, 0, 0, 48, 0), second);
        var stored = await _store.ReadAsync("DE", GridSignals.Average, Noon, Noon.AddHours(48), Ct);
        Assert.Equal(points.Select(p => p.Direct), stored.Select(p => p.Direct));
    }

    [Fact]
    public async Task Upsert_RealValueAfterForecast_ReplacesItAndIsCounted()
    {
        await _store.UpsertAsync(Hours("FR", 6, GridQualities.Forecast, i => 50), GridOrigins.Provider, Ct);
        var real = Hours("FR", 4, GridQualities.RealTime, i => 40 + i);
        var counts = await _store.UpsertAsync(real, GridOrigins.Provider, Ct);
        Assert.Equal(new UpsertCounts(0, 4, 4, 0, 0), counts);
        var stored = await _store.ReadAsync("FR", GridSignals.Average, Noon, Noon.AddHours(6), Ct);
        Assert.Equal([40, 41, 42, 43, 50, 50], stored.Select(p => p.Direct!.Value));
        Assert.Equal([.. Enumerable.Repeat(GridQualities.RealTime, 4), GridQualities.Forecast, GridQualities.Forecast], stored.Select(p => p.Quality));
    }

    [Fact]
    public async Task Upsert_ForecastAfterRealValue_KeepsTheRealValue()
    {
        await _store.UpsertAsync(Hours("GB", 3, GridQualities.Historical, i => 200), GridOrigins.Provider, Ct);
        var counts = await _store.UpsertAsync(Hours("GB", 3, GridQualities.Forecast, i => 999), GridOrigins.Provider, Ct);
        Assert.Equal(new UpsertCounts(0, 0, 0, 0, 3), counts);
        Assert.All(await _store.ReadAsync("GB", GridSignals.Average, Noon, Noon.AddHours(3), Ct), p => Assert.Equal(200, p.Direct));
    }

    [Fact]
    public async Task Upsert_MarginalAndAverageSameHour_KeptApart()
    {
        await _store.UpsertAsync(Hours("DE", 2, GridQualities.Historical, i => 300), GridOrigins.Provider, Ct);
        await _store.UpsertAsync([.. Hours("DE", 2, GridQualities.Historical, i => 700).Select(p => p with { Signal = GridSignals.Marginal, Lifecycle = null, Source = "watttime" })], GridOrigins.Provider, Ct);
        Assert.All(await _store.ReadAsync("DE", GridSignals.Average, Noon, Noon.AddHours(2), Ct), p => Assert.Equal(300, p.Direct));
        Assert.All(await _store.ReadAsync("DE", GridSignals.Marginal, Noon, Noon.AddHours(2), Ct), p => Assert.Equal(700, p.Direct));
    }

    [Fact]
    public async Task Read_DayReadThenUpserted_ReturnsTheNewValues()
    {
        await _store.UpsertAsync(Hours("FR", 6, GridQualities.Forecast, i => 50), GridOrigins.Provider, Ct);
        Assert.All(await _store.ReadAsync("FR", GridSignals.Average, Noon, Noon.AddHours(6), Ct), p => Assert.Equal(50, p.Direct));
        await _store.UpsertAsync(Hours("FR", 2, GridQualities.RealTime, i => 40), GridOrigins.Provider, Ct);
        var stored = await _store.ReadAsync("FR", GridSignals.Average, Noon.AddHours(1), Noon.AddHours(6), Ct);
        Assert.Equal([40, 50, 50, 50, 50], stored.Select(p => p.Direct!.Value));
    }

    [Fact]
    public async Task Read_DayChangedByAnotherInstance_SeenOnceTheReadDayExpires()
    {
        await _store.UpsertAsync(Hours("DE", 3, GridQualities.Forecast, i => 80), GridOrigins.Provider, Ct);
        Assert.All(await _store.ReadAsync("DE", GridSignals.Average, Noon, Noon.AddHours(3), Ct), p => Assert.Equal(80, p.Direct));
        var otherInstance = new GridStore(_databases, _time);
        await otherInstance.UpsertAsync(Hours("DE", 3, GridQualities.Historical, i => 70), GridOrigins.Provider, Ct);

        Assert.All(await _store.ReadAsync("DE", GridSignals.Average, Noon, Noon.AddHours(3), Ct), p => Assert.Equal(80, p.Direct));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.All(await _store.ReadAsync("DE", GridSignals.Average, Noon, Noon.AddHours(3), Ct), p => Assert.Equal(70, p.Direct));
    }

    [Fact]
    public async Task Upsert_PointNotOnTheHour_Refused()
    {
        var point = new GridPoint("DE", Noon.AddMinutes(5), 1, 1, GridSignals.Average, "x", GridQualities.Historical);
        await Assert.ThrowsAsync<ArgumentException>(() => _store.UpsertAsync([point], GridOrigins.Provider, Ct));
    }

    [Fact]
    public async Task History_ShippedFiles_EveryHourStoredOnceAndExact()
    {
        var ingestor = new DatasetHistoryIngestor(DatasetCatalogue.Default, Options.Create(new DatasetsOptions { Path = TestEnvironment.DatasetsPath }), _store, _databases, _time);
        var first = await ingestor.IngestAsync(force: false, Ct);
        Assert.Equal(6, first.Count);
        Assert.All(first, r => Assert.Equal(HistoryFileStatus.Ingested, r.Status));
        Assert.All(first, r => Assert.Equal(8760, r.Counts.Inserted));
        var again = await ingestor.IngestAsync(force: false, Ct);
        Assert.All(again, r => Assert.Equal(HistoryFileStatus.AlreadyIngested, r.Status));

        // GB_2022_hourly.csv (CRLF), 2022-07-19 15:00: a summer afternoon; the direct mean of the whole year is 164.9 (data README).
        var year = await _store.ReadAsync("GB", GridSignals.Average, new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero), Ct);
        Assert.Equal(8760, year.Count);
        Assert.Equal(164.9, year.Average(p => p.Direct!.Value), 1);
        Assert.Equal(4, year.Count(p => p.Quality == GridQualities.Estimated));
        var pjm = await _store.ReadAsync("US-MIDA-PJM", GridSignals.Average, new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), Ct);
        Assert.Equal((245.2, 321.9, 424.2), (Math.Round(pjm.Min(p => p.Direct!.Value), 1), Math.Round(pjm.Average(p => p.Direct!.Value), 1), Math.Round(pjm.Max(p => p.Direct!.Value), 1)));
        Assert.Equal(16, pjm.Count(p => p.Quality == GridQualities.Estimated));
        Assert.All(pjm.Where(p => p.Quality == GridQualities.Estimated), p => Assert.NotNull(p.EstimationMethod));
    }

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private static List<GridPoint> Hours(string zone, int count, string quality, Func<int, double> value) =>
        [.. Enumerable.Range(0, count).Select(i => new GridPoint(zone, Noon.AddHours(i), value(i), value(i) * 1.3, GridSignals.Average, "test", quality))];
}

/// <summary>On SQLite.</summary>
public sealed class SqliteGridStoreTests : GridStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.SqliteAsync();
}

/// <summary>On PostgreSQL.</summary>
public sealed class PostgresGridStoreTests : GridStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
