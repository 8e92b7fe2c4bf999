using FactorTrace.Data;
using FactorTrace.Data.Tenancy;
using FactorTrace.Grid.Ingestion;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FactorTrace.Benchmarks;

/// <summary>A migrated database for the grid benchmarks, and the shipped hourly files (FACTORTRACE_DATASETS_PATH).</summary>
internal static class GridBenchStore
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>SQLite, and PostgreSQL when FACTORTRACE_TEST_POSTGRES is set.</summary>
    public static IEnumerable<string> Providers() =>
        Environment.GetEnvironmentVariable("FACTORTRACE_TEST_POSTGRES") is { Length: > 0 } ? [Sqlite, Postgres] : [Sqlite];

    public static string HourlyFile(string name) => Path.Combine(
        Environment.GetEnvironmentVariable("FACTORTRACE_DATASETS_PATH") ?? throw new InvalidOperationException("Set FACTORTRACE_DATASETS_PATH."),
        "grid-intensity-hourly-electricitymaps", name);

    public static IReadOnlyList<GridPoint> ReadFile(string name)
    {
        using var reader = new StreamReader(HourlyFile(name));
        return HourlyCsvReader.Read(reader, DatasetHistoryIngestor.DatasetId, DateTimeOffset.UnixEpoch);
    }

    public static async Task<DatabaseOptions> CreateMigratedAsync(string provider)
    {
        var options = await BenchDatabase.CreateAsync(provider, "grid").ConfigureAwait(false);
        await using var owner = DatabaseSetup.CreateContext(options, owner: true, new TenantScope());
        await owner.Database.MigrateAsync().ConfigureAwait(false);
        return options;
    }

    public static GridStore Store(DatabaseOptions options) => new(new SystemDbFactory(Options.Create(options)), TimeProvider.System);

    /// <summary>Empties grid_points: a fresh file copied from <paramref name="template"/> on SQLite, TRUNCATE on PostgreSQL.</summary>
    public static void Reset(DatabaseOptions options, string? template)
    {
        if (options.Provider == DatabaseProviders.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
            File.Copy(template!, file, overwrite: true);
            return;
        }

        using var connection = new NpgsqlConnection(options.ConnectionString);
        connection.Open();
        using var truncate = new NpgsqlCommand("TRUNCATE grid_points", connection);
        truncate.ExecuteNonQuery();
    }
}
