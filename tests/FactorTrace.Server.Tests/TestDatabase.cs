using FactorTrace.Data;

namespace FactorTrace.Server.Tests;

/// <summary>A fresh migrated database for tests that run on both providers: a SQLite file in its own folder, or a new PostgreSQL database (application and owner roles).</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly PostgresDatabase? _postgres;

    private TestDatabase(DatabaseOptions options, string? folder, PostgresDatabase? postgres)
    {
        Options = options;
        Factory = new SystemDbFactory(Microsoft.Extensions.Options.Options.Create(options));
        _folder = folder;
        _postgres = postgres;
    }

    public DatabaseOptions Options { get; }

    public SystemDbFactory Factory { get; }

    public static Task<TestDatabase> SqliteAsync()
    {
        var folder = Directory.CreateTempSubdirectory("ft-db-").FullName;
        return MigratedAsync(new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(folder, "test.db")}" }, folder, null);
    }

    public static async Task<TestDatabase> PostgresAsync()
    {
        var postgres = await PostgresDatabase.CreateAsync();
        return await MigratedAsync(
            new DatabaseOptions { Provider = DatabaseProviders.Postgres, ConnectionString = postgres.AppConnectionString, OwnerConnectionString = postgres.OwnerConnectionString },
            null,
            postgres);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task<TestDatabase> MigratedAsync(DatabaseOptions options, string? folder, PostgresDatabase? postgres)
    {
        var database = new TestDatabase(options, folder, postgres);
        await new DatabaseMigrator(database.Factory).MigrateAsync(TestContext.Current.CancellationToken);
        return database;
    }
}
