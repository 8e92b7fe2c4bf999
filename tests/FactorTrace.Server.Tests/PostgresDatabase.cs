using Npgsql;

namespace FactorTrace.Server.Tests;

/// <summary>
/// A fresh database on the test PostgreSQL server, owned by the login role <c>ft_owner</c> (migrations), and used by the
/// application through <c>ft_app</c>, a member of <c>factortrace_app</c> that owns nothing, so row-level security binds it.
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

    public static async Task<PostgresDatabase> CreateAsync(int maxPoolSize = 20)
    {
        if (TestEnvironment.PostgresAdmin is not { } admin)
        {
            if (TestEnvironment.PostgresRequired)
            {
                throw new InvalidOperationException("FACTORTRACE_TEST_POSTGRES is not set; run the tests with scripts/test.sh, which starts PostgreSQL.");
            }

            Assert.Skip("No PostgreSQL server: run scripts/test.sh (it installs and starts one).");
            throw new InvalidOperationException("unreachable");
        }

        var name = "ft_" + Guid.NewGuid().ToString("N")[..12];
        var ct = TestContext.Current.CancellationToken;
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

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        builder.Username = "ft_owner";
        var owner = builder.ConnectionString;
        builder.Username = "ft_app";
        builder.MaxPoolSize = maxPoolSize;
        return new PostgresDatabase(name, owner, builder.ConnectionString);
    }

    /// <summary>Settings that point the service at this database.</summary>
    public Dictionary<string, string> ServiceSettings(bool tenantFilters = true) => new()
    {
        ["FactorTrace:Database:Provider"] = "postgres",
        ["FactorTrace:Database:ConnectionString"] = AppConnectionString,
        ["FactorTrace:Database:OwnerConnectionString"] = OwnerConnectionString,
        ["FactorTrace:Database:TenantQueryFilters"] = tenantFilters ? "true" : "false",
    };

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (TestEnvironment.PostgresAdmin is { } admin)
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
        }
    }
}
