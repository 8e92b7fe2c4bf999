using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Tenancy;
using FactorTrace.Import.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FactorTrace.Server.Tests.Imports;

/// <summary>
/// The bulk writer of committed imports on each database, as the application connects: every field of every record
/// comes back as written, through full batches and the single-row remainder, and a failed write stores nothing.
/// </summary>
public abstract class RecordWriterTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly Guid _tenant = Guid.CreateVersion7();
    private DatabaseOptions _options = null!;

    public async ValueTask InitializeAsync()
    {
        _options = await CreateDatabaseAsync();
        await using var owner = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope());
        await owner.Database.MigrateAsync(Ct);
        owner.Tenants.Add(new Tenant { Id = _tenant, Slug = "w" + _tenant.ToString("N")[..8], Name = "writer", CreatedAt = new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc) });
        await owner.SaveChangesAsync(Ct);
    }

    public abstract ValueTask DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(150)]
    public async Task Write_FullBatchesAndRemainder_EveryFieldReadBackAsWritten(int count)
    {
        var written = Enumerable.Range(0, count).Select(Record).ToList();

        await WriteAsync(written);

        var scope = new TenantScope();
        scope.Set(_tenant);
        await using var db = DatabaseSetup.CreateContext(_options, owner: false, scope);
        var read = await db.ActivityRecords.AsNoTracking().ToDictionaryAsync(r => r.Id, Ct);
        Assert.Equal(count, read.Count);
        foreach (var expected in written)
        {
            var actual = read[expected.Id];
            Assert.Equal(Fields(expected), Fields(actual));
        }
    }

    [Fact]
    public async Task Write_RowTheDatabaseRefuses_FailsAndNothingIsStored()
    {
        var records = Enumerable.Range(0, 100).Select(Record).ToList();
        records[70].TenantId = Guid.CreateVersion7();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => WriteAsync(records));

        var scope = new TenantScope();
        scope.Set(_tenant);
        await using var db = DatabaseSetup.CreateContext(_options, owner: false, scope);
        Assert.Equal(0, await db.ActivityRecords.CountAsync(Ct));
    }

    /// <summary>A fresh, empty database on this provider.</summary>
    protected abstract Task<DatabaseOptions> CreateDatabaseAsync();

    private async Task WriteAsync(List<ActivityRecord> records)
    {
        var scope = new TenantScope();
        scope.Set(_tenant);
        await using var db = DatabaseSetup.CreateContext(_options, owner: false, scope);
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        using (var writer = RecordWriter.Create(db.Database.GetDbConnection(), transaction.GetDbTransaction()))
        {
            foreach (var record in records)
            {
                writer.Write(record);
            }

            writer.Complete();
            Assert.Equal(records.Count, writer.Written);
        }

        await transaction.CommitAsync(Ct);
    }

    // Every other record leaves the optional fields empty, so nulls and values meet in the same batch.
    private ActivityRecord Record(int i)
    {
        var full = i % 2 == 0;
        var at = new DateTime(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc).AddTicks(i * 1_234_567L);
        return new ActivityRecord
        {
            Id = Guid.CreateVersion7(),
            TenantId = _tenant,
            ActivityId = full ? "fuel.diesel" : null,
            Description = full ? null : $"Diesel, Zeile {i} — „Werk“ 'ß' 😀",
            Amount = full ? (i * 1.25) + 0.1 : null,
            Unit = full ? "L" : null,
            Date = full ? new DateOnly(2024, 1 + (i % 12), 1 + (i % 28)) : null,
            PeriodStart = full ? null : new DateOnly(2024, 1 + (i % 12), 1),
            PeriodEnd = full ? null : new DateOnly(2024, 1 + (i % 12), 28),
            AccountingDate = new DateOnly(2024, 1 + (i % 12), 1 + (i % 28)),
            Site = full ? $"Site {i}; \"quoted\"" : null,
            Region = full ? "DE" : null,
            Scope = full ? "1" : null,
            Scope1Source = full ? "mobile-combustion" : null,
            Category = full ? null : "3.6",
            Supplier = full ? $"Supplier {i}" : null,
            Spend = full ? null : i * 10.5,
            Currency = full ? null : "EUR",
            InstrumentType = full ? "ppa" : null,
            InstrumentReference = full ? $"PPA-{i}" : null,
            InstrumentKgCo2ePerKwh = full ? 0.01 * i : null,
            Notes = full ? $"line one\nline two {i}" : null,
            ImportId = full ? Guid.CreateVersion7() : null,
            CreatedAt = at,
            UpdatedAt = at.AddSeconds(1),
        };
    }

    private static string Fields(ActivityRecord r) => string.Join("|",
        r.Id, r.TenantId, r.ActivityId, r.Description, r.Amount?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), r.Unit, r.Date, r.PeriodStart, r.PeriodEnd,
        r.AccountingDate, r.Site, r.Region, r.Scope, r.Scope1Source, r.Category, r.Supplier, r.Spend?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), r.Currency,
        r.InstrumentType, r.InstrumentReference, r.InstrumentKgCo2ePerKwh?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), r.Notes, r.ImportId,
        r.CreatedAt.ToUniversalTime().Ticks / 10, r.UpdatedAt.ToUniversalTime().Ticks / 10);
}

/// <summary>On the embedded default: the C-API writer, 64 rows per statement.</summary>
public sealed class SqliteRecordWriterTests : RecordWriterTests
{
    private string _folder = "";

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    protected override Task<DatabaseOptions> CreateDatabaseAsync()
    {
        _folder = Directory.CreateTempSubdirectory("ft-writer-").FullName;
        return Task.FromResult(new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "w.db")}" });
    }
}

/// <summary>On PostgreSQL as the application role under row-level security: binary COPY into staging, then one INSERT.</summary>
public sealed class PostgresRecordWriterTests : RecordWriterTests
{
    private PostgresDatabase? _database;

    public override async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override async Task<DatabaseOptions> CreateDatabaseAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        return new DatabaseOptions
        {
            Provider = DatabaseProviders.Postgres,
            ConnectionString = _database.AppConnectionString,
            OwnerConnectionString = _database.OwnerConnectionString,
        };
    }
}
