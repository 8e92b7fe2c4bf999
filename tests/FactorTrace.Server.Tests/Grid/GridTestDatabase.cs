using FactorTrace.Data;

namespace FactorTrace.Server.Tests.Grid;

/// <summary>A migrated database (a SQLite file or a fresh PostgreSQL database) for the grid tables, used on the owner connection.</summary>
public sealed class GridTestDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly PostgresDatabase? _postgres;

    private GridTestDatabase(DatabaseOptions options, string? folder, PostgresDatabase? postgres)
    {
        Options = options;
        Factory = new SystemDbFactory(Microsoft.Extensions.Options.Options.Create(options));
        _folder = folder;
        _postgres = postgres;
    }

    public DatabaseOptions Options { get; }

    public SystemDbFactory Factory { get; }

    public static Task<GridTestDatabase> SqliteAsync()
    {
        var folder = Directory.CreateTempSubdirectory("ft-grid-").FullName;
        return MigratedAsync(new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(folder, "grid.db")}" }, folder, null);
    }

    public static async Task<GridTestDatabase> PostgresAsync()
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

    private static async Task<GridTestDatabase> MigratedAsync(DatabaseOptions options, string? folder, PostgresDatabase? postgres)
    {
        var database = new GridTestDatabase(options, folder, postgres);
        await new DatabaseMigrator(database.Factory).MigrateAsync(TestContext.Current.CancellationToken);
        return database;
    }
}
