using System.Text.Json;
using FactorTrace.Broker;
using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Tenancy;
using FactorTrace.Datasets;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Datasets.Ingestion;
using FactorTrace.Remote;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Reporting.Tests;

/// <summary>The published datasets loaded once, and a way to calculate a tenant's ledger with the real calculation runner.</summary>
public sealed class LedgerFixture : IAsyncLifetime
{
    public LoadedDatasets Loaded { get; private set; } = null!;

    public FactorBroker Broker { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ingestor = new DatasetIngestor(DatasetCatalogue.Default, Options.Create(new DatasetsOptions { Path = TestData.DatasetsPath, VerifyHashes = false }));
        Loaded = await ingestor.IngestAsync([], CancellationToken.None, skipFailures: true);
        Broker = BrokerFactory.Create(Loaded);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A fresh database (SQLite file, or PostgreSQL when <paramref name="postgres"/>), migrated, with one tenant.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(bool postgres, CancellationToken ct)
    {
        DatabaseOptions options;
        Func<Task> drop;
        if (postgres)
        {
            var pg = await PostgresDatabase.CreateAsync(ct);
            options = new DatabaseOptions { Provider = DatabaseProviders.Postgres, ConnectionString = pg.AppConnectionString, OwnerConnectionString = pg.OwnerConnectionString };
            drop = async () => await pg.DisposeAsync();
        }
        else
        {
            var dir = Directory.CreateTempSubdirectory("factortrace-report-");
            options = new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(dir.FullName, "ledger.db")};Pooling=False" };
            drop = () =>
            {
                dir.Delete(recursive: true);
                return Task.CompletedTask;
            };
        }

        var tenantId = Guid.NewGuid();
        await using (var owner = DatabaseSetup.CreateContext(options, owner: true, new TenantScope()))
        {
            await owner.Database.MigrateAsync(ct);
            owner.Tenants.Add(new Tenant { Id = tenantId, Slug = "acme", Name = "Acme Fasteners GmbH", CreatedAt = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            await owner.SaveChangesAsync(ct);
        }

        return new TestDatabase(options, tenantId, drop);
    }

    /// <summary>Stores the records (and tenant factors), then runs the calculation of [from, to] as the service does.</summary>
    public async Task<CalculationRun> CalculateAsync(FactorTraceDb db, Guid tenantId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var book = new PrivateFactorBook((await db.PrivateFactors.AsNoTracking().ToListAsync(ct)).Select(f => f.ToDefinition()));
        var cascade = new TenantCascade(TenantSourceRules.Parse(null, null), book);
        var engine = TenantResolution.Engine(null, Broker, cascade, new ResolveScope(tenantId.ToString("N"), Bulk: true),
            Loaded.Rates is { } rates ? new SpendConverter(rates) : null, "AR6");
        return await new CalculationRunner(db, TimeProvider.System).RunAsync(RunRequest.For(Broker, tenantId, from, to, "test", "AR6"), engine,
            answer => JsonSerializer.Serialize(answer, AnswerHasher.CanonicalOptions), ct);
    }
}

[CollectionDefinition(Name)]
public sealed class LedgerDefinition : ICollectionFixture<LedgerFixture>
{
    public const string Name = "ledger";
}

/// <summary>A test database with one tenant; contexts scoped to it.</summary>
public sealed class TestDatabase(DatabaseOptions options, Guid tenantId, Func<Task> drop) : IAsyncDisposable
{
    public Guid TenantId => tenantId;

    public FactorTraceDb Open()
    {
        var scope = new TenantScope();
        scope.Set(tenantId);
        return DatabaseSetup.CreateContext(options, owner: false, scope);
    }

    public async ValueTask DisposeAsync() => await drop();
}
