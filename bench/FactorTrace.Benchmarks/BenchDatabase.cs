using FactorTrace.Data;
using Npgsql;

namespace FactorTrace.Benchmarks;

/// <summary>A fresh database for an end-to-end benchmark: a new SQLite file, or a new PostgreSQL database (FACTORTRACE_TEST_POSTGRES).</summary>
internal static class BenchDatabase
{
    public static async Task<DatabaseOptions> CreateAsync(string provider, string prefix)
    {
        if (provider == "sqlite")
        {
            var file = Path.Combine(Path.GetTempPath(), $"{prefix}-bench-{Guid.NewGuid():N}.db");
            return new DatabaseOptions { Provider = DatabaseProviders.Sqlite, ConnectionString = $"Data Source={file}" };
        }

        var admin = Environment.GetEnvironmentVariable("FACTORTRACE_TEST_POSTGRES") ?? throw new InvalidOperationException("Set FACTORTRACE_TEST_POSTGRES (source scripts/postgres.sh).");
        var name = $"{prefix}_bench_{Guid.NewGuid():N}"[..24];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new DatabaseOptions { Provider = DatabaseProviders.Postgres, ConnectionString = builder.ConnectionString };
    }

    /// <summary>Removes a SQLite benchmark file and its journals (PostgreSQL databases are left for inspection).</summary>
    public static void Drop(DatabaseOptions options)
    {
        if (options.Provider != DatabaseProviders.Sqlite)
        {
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(file + suffix);
        }
    }
}
