using Npgsql;

namespace FactorTrace.Reporting.Tests;

/// <summary>
/// A fresh database on the test PostgreSQL server (scripts/postgres.sh), owned by <c>ft_owner</c> and used through
/// <c>ft_app</c>, a member of <c>factortrace_app</c> that owns nothing, so row-level security binds it (as the service runs).
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim RoleGate = new(1, 1);

    private PostgresDatabase(string name, string owner, string app)
    {
        Name = name;
        OwnerConnectionString = owner;
        AppConnectionString = app;
    }

    public string Name { get; }

    public string OwnerConnectionString { get; }

    public string AppConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync(CancellationToken ct)
    {
        if (TestData.PostgresAdmin is not { } admin)
        {
            if (TestData.PostgresRequired)
            {
                throw new InvalidOperationException("FACTORTRACE_TEST_POSTGRES is not set; run the tests with scripts/test.sh, which starts PostgreSQL.");
            }

            Assert.Skip("No PostgreSQL server: run scripts/test.sh (it installs and starts one), or `source scripts/postgres.sh`.");
            throw new InvalidOperationException("unreachable");
        }

        var name = "ft_" + Guid.NewGuid().ToString("N")[..12];
        await RoleGate.WaitAsync(ct);
        try
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ft_owner') THEN CREATE ROLE ft_owner LOGIN CREATEROLE; END IF;
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factortrace_app') THEN CREATE ROLE factortrace_app NOLOGIN; END IF;
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ft_app') THEN CREATE ROLE ft_app LOGIN IN ROLE factortrace_app; END IF;
                END $$;
                """;
            await command.ExecuteNonQueryAsync(ct);
            command.CommandText = $"CREATE DATABASE {name} OWNER ft_owner";
            await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            RoleGate.Release();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Username = "ft_owner" };
        var owner = builder.ConnectionString;
        builder.Username = "ft_app";
        return new PostgresDatabase(name, owner, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (TestData.PostgresAdmin is { } admin)
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
        }
    }
}
