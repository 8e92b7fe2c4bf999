using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace FactorTrace.Server.Tests;

/// <summary>
/// Failure drill: the database goes away under a running service. Factor answers keep coming (tokens and settings need
/// no database), stored-data endpoints answer 503 <c>database_unavailable</c> (never 500), readiness says so, and
/// everything comes back when the database does.
/// </summary>
public sealed class DatabaseOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly object Diesel = new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L" };

    [Fact]
    public async Task DatabaseUnreachable_FactorsKeepAnsweringStoredDataIs503_RecoversAfter()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var service = await ServiceInstance.StartAsync(database.ServiceSettings());
        using var client = service.Client(await service.TokenAsync());
        using (var warm = await client.PostAsJsonAsync("/api/v1/factors/resolve", Diesel, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        await SetConnectionsAllowedAsync(database.Name, allowed: false);
        try
        {
            using (var resolve = await client.PostAsJsonAsync("/api/v1/factors/resolve", Diesel, Ct))
            {
                Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
            }

            using (var users = await client.GetAsync("/api/v1/users", Ct))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, users.StatusCode);
                var problem = JsonDocument.Parse(await users.Content.ReadAsStringAsync(Ct)).RootElement;
                Assert.Equal("database_unavailable", problem.GetProperty("code").GetString());
            }

            using var ready = await client.GetAsync("/health/ready", Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var health = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.Equal("unreachable", health.GetProperty("database").GetProperty("status").GetString());
            Assert.Equal("loaded", health.GetProperty("datasets").GetProperty("status").GetString());
        }
        finally
        {
            await SetConnectionsAllowedAsync(database.Name, allowed: true);
        }

        var recovered = false;
        for (var attempt = 0; attempt < 50 && !recovered; attempt++)
        {
            using var users = await client.GetAsync("/api/v1/users", Ct);
            recovered = users.StatusCode == HttpStatusCode.OK;
        }

        Assert.True(recovered, "The service did not use the database again after it came back.");
        using var readyAgain = await client.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
    }

    private static async Task SetConnectionsAllowedAsync(string name, bool allowed)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresAdmin);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = allowed
            ? $"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true"
            : $"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'";
        await command.ExecuteNonQueryAsync(Ct);
    }
}
