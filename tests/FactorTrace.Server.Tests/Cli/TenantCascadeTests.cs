using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FactorTrace.Server.Tests.Cli;

/// <summary>
/// The CLI and the API resolve through one path: for the same tenant settings (source order, allowed sources) a
/// calculation gives the same factors and totals whichever way it is run.
/// </summary>
public sealed class TenantCascadeTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Calculate_TenantSourceOrderAndAllowedSources_CliAndApiAgree()
    {
        var slug = "tc-" + Guid.NewGuid().ToString("N")[..8];
        var (_, token) = await fixture.Service.CreateTenantAsync(slug);
        using var client = fixture.Service.Client(token);
        var grid = new { activity = "electricity.grid", region = "FR", year = 2023, unit = "kWh" };
        var serviceOrder = await ResolveAsync(client, grid);
        await PutSettingsAsync(client, new Dictionary<string, object?> { ["source_priority"] = new[] { "electricitymaps", "ember" } });
        var tenantOrder = await ResolveAsync(client, grid);
        Assert.Equal("electricitymaps", tenantOrder.GetProperty("source").GetString());
        Assert.NotEqual(serviceOrder.GetProperty("value").GetDouble(), tenantOrder.GetProperty("value").GetDouble());
        using (var created = await client.PostAsJsonAsync("/api/v1/activities", new { activity_id = "electricity.grid", amount = 1000, unit = "kWh", date = "2023-06-01", region = "FR" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var expected = 1000 * tenantOrder.GetProperty("value").GetDouble();
        var api = await CalculateByApiAsync(client);
        var cli = await CalculateByCliAsync(slug);
        Assert.Equal(expected, api, 1e-6);
        Assert.Equal(expected, cli, 1e-6);

        // Only Ember allowed: both runs now use it.
        await PutSettingsAsync(client, new Dictionary<string, object?> { ["allowed_sources"] = new[] { "ember" } });
        var ember = await ResolveAsync(client, grid);
        Assert.Equal("ember", ember.GetProperty("source").GetString());
        Assert.Equal(1000 * ember.GetProperty("value").GetDouble(), await CalculateByApiAsync(client), 1e-6);
        Assert.Equal(1000 * ember.GetProperty("value").GetDouble(), await CalculateByCliAsync(slug), 1e-6);
    }

    private static async Task<JsonElement> ResolveAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/factors/resolve", request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task PutSettingsAsync(HttpClient client, Dictionary<string, object?> settings)
    {
        using var put = await client.PutAsJsonAsync("/api/v1/settings", settings, Ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<double> CalculateByApiAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/calculations", new { from = "2023-01-01", to = "2023-12-31" }, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("total_kgco2e").GetDouble();
    }

    private async Task<double> CalculateByCliAsync(string slug)
    {
        // The settings cache of the service is not the CLI's: the CLI reads the tenant's settings from the database.
        var (exit, stdout, stderr) = await CliProcess.RunAsync(["calculate", "--from", "2023-01-01", "--to", "2023-12-31", "--tenant", slug, "--json"],
            new Dictionary<string, string> { ["FactorTrace__DataDirectory"] = fixture.Service.DataDirectory });
        Assert.True(exit == 0, $"exit {exit}: {stdout} {stderr}");
        return JsonDocument.Parse(stdout).RootElement.GetProperty("kg_co2e_location").GetDouble();
    }
}
