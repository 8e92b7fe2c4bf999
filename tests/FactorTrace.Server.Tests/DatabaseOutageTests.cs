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
        var settings = database.ServiceSettings();
        settings["FactorTrace:Resilience:Dependencies:database:MinimumThroughput"] = "3";
        settings["FactorTrace:Resilience:Dependencies:database:BreakDuration"] = "00:00:01";
        await using var service = await ServiceInstance.StartAsync(settings);
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

            // Repeated failures open the database circuit: the next calls are refused at once, still as 503. Readiness probes,
            // sign-in and credential checks go through the same circuit, so the successes before the outage count in its
            // sampling window and the number of failures it takes depends on them: call until a call is refused.
            JsonElement breaker = default;
            for (var i = 0; i < 200; i++)
            {
                using var again = await client.GetAsync("/api/v1/users", Ct);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, again.StatusCode);
                var broker = await client.GetFromJsonAsync<JsonElement>("/api/v1/factor-broker/health", Ct);
                breaker = broker.GetProperty("dependencies").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "database");
                if (breaker.GetProperty("rejected").GetInt64() >= 1)
                {
                    break;
                }
            }

            Assert.Equal("open", breaker.GetProperty("breaker").GetString());
            Assert.True(breaker.GetProperty("rejected").GetInt64() >= 1);

            // Sign-in (owner connection) is behind the same circuit: refused at once as 503, never 500.
            using (var signIn = await service.Client().PostAsJsonAsync("/api/v1/auth/token", new { email = ServiceInstance.AdminEmail, password = ServiceInstance.AdminPassword }, Ct))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
                Assert.Equal("database_unavailable", JsonDocument.Parse(await signIn.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("code").GetString());
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

        // The circuit half-opens after its break (1 s here) and the first successful probe closes it.
        var recovered = false;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!recovered && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            using var users = await client.GetAsync("/api/v1/users", Ct);
            recovered = users.StatusCode == HttpStatusCode.OK;
            if (!recovered)
            {
                await Task.Delay(100, Ct);
            }
        }

        Assert.True(recovered, "The service did not use the database again after it came back.");
        using var readyAgain = await client.GetAsync("/health/ready", Ct);
        Assert.True(readyAgain.StatusCode == HttpStatusCode.OK, await readyAgain.Content.ReadAsStringAsync(Ct));
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
