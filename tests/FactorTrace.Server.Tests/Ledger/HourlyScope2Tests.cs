using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactorTrace.Server.Grid;
using FactorTrace.Server.Tests.Cli;

namespace FactorTrace.Server.Tests.Ledger;

/// <summary>
/// Location-based Scope 2 from the hourly profile of the site's zone (tenant setting <c>hourly_grid_scope2</c>), against
/// the shipped Electricity Maps history (DE_2023_hourly.csv, direct values hand-averaged here), through the API and the CLI.
/// </summary>
public abstract class HourlyScope2Tests(ServiceInstance service, IReadOnlyDictionary<string, string> cliEnvironment)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Calculate_DeRecordOverTwoDays_SettingOnUsesTheMeanOfItsHoursAndOffTheYearlyFactor()
    {
        using var client = await TenantClientAsync("hourly-de");
        await PostAsync(client, "/api/v1/activities", new { activity_id = "electricity.grid", amount = 1000, unit = "kWh", period_start = "2023-06-01", period_end = "2023-06-02", site = "Berlin", region = "DE" }, HttpStatusCode.Created);
        var mean = DirectMean("2023-06-01", "2023-06-02");

        await PutSettingsAsync(client, new Dictionary<string, object?> { ["hourly_grid_scope2"] = true });
        await PostAsync(client, "/api/v1/calculations", new { from = "2023-01-01", to = "2023-12-31" }, HttpStatusCode.Created);
        var hourly = await RowsAsync(client);
        var location = Assert.Single(hourly, r => r.GetProperty("method").GetString() == "location");
        Assert.Equal("hourly_grid_profile", location.GetProperty("basis").GetString());
        Assert.Equal(1000 * mean / 1000, location.GetProperty("kgco2e").GetDouble(), 9);
        var note = location.GetProperty("note").GetString()!;
        Assert.Contains("zone DE, 48 hours 2023-06-01T00:00Z to 2023-06-03T00:00Z", note, StringComparison.Ordinal);
        Assert.Contains("(direct) from electricitymaps-hourly", note, StringComparison.Ordinal);
        var factor = location.GetProperty("factor");
        Assert.Equal("hourly-grid-profile", factor.GetProperty("source").GetString());
        Assert.Equal(mean / 1000, factor.GetProperty("value").GetDouble(), 12);
        Assert.Equal(64, factor.GetProperty("provenance").GetProperty("sha256").GetString()!.Length);

        // Off again (only that field sent; the rest of the settings is kept): the yearly factor, as before.
        await PutSettingsAsync(client, new Dictionary<string, object?> { ["hourly_grid_scope2"] = false });
        Assert.False((await GetAsync(client, "/api/v1/settings")).GetProperty("hourly_grid_scope2").GetBoolean());
        await PostAsync(client, "/api/v1/calculations", new { from = "2023-01-01", to = "2023-12-31" }, HttpStatusCode.Created);
        var yearly = await RowsAsync(client);
        var yearlyLocation = Assert.Single(yearly, r => r.GetProperty("method").GetString() == "location");
        Assert.Equal(JsonValueKind.Null, yearlyLocation.GetProperty("basis").ValueKind);
        Assert.NotEqual("hourly-grid-profile", yearlyLocation.GetProperty("factor").GetProperty("source").GetString());
        var yearlyKg = 1000 * yearlyLocation.GetProperty("factor").GetProperty("value").GetDouble();
        Assert.Equal(yearlyKg, yearlyLocation.GetProperty("kgco2e").GetDouble(), 9);
        Assert.NotEqual(yearlyKg, location.GetProperty("kgco2e").GetDouble(), 3);

        // Market-based Scope 2 is the same either way.
        Assert.Equal(
            Assert.Single(yearly, r => r.GetProperty("method").GetString() == "market").GetProperty("kgco2e").GetDouble(),
            Assert.Single(hourly, r => r.GetProperty("method").GetString() == "market").GetProperty("kgco2e").GetDouble(), 9);
    }

    [Fact]
    public async Task Calculate_RegionsWithoutHourlyData_YearlyFactorAndTheRowSaysWhy()
    {
        using var client = await TenantClientAsync("hourly-none");
        await PutSettingsAsync(client, new Dictionary<string, object?> { ["hourly_grid_scope2"] = true });
        await PostAsync(client, "/api/v1/activities/batch", new
        {
            items = new object[]
            {
                new { activity_id = "electricity.grid", amount = 1000, unit = "kWh", date = "2023-06-01", site = "Madrid", region = "ES" },
                new { activity_id = "electricity.grid", amount = 1000, unit = "kWh", site = "Berlin", region = "DE", period_start = "2023-12-31", period_end = "2024-01-01" },
            },
        }, HttpStatusCode.Created);
        await PostAsync(client, "/api/v1/calculations", new { from = "2023-01-01", to = "2024-12-31" }, HttpStatusCode.Created);
        var rows = (await RowsAsync(client, "2024-12-31")).Where(r => r.GetProperty("method").GetString() == "location").ToList();

        var spain = Assert.Single(rows, r => r.GetProperty("site").GetString() == "Madrid");
        Assert.Equal(JsonValueKind.Null, spain.GetProperty("basis").ValueKind);
        Assert.Contains("hourly_grid_profile not used: 24 of 24 hours of zone ES from 2023-06-01T00:00Z to 2023-06-02T00:00Z are not in the hourly store", spain.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(1000 * spain.GetProperty("factor").GetProperty("value").GetDouble(), spain.GetProperty("kgco2e").GetDouble(), 9);

        // The shipped DE history ends with 2023: a record reaching into 2024 lacks hours, so the whole record stays yearly.
        var berlin = rows.Where(r => r.GetProperty("site").GetString() == "Berlin").ToList();
        Assert.Equal(2, berlin.Count);
        Assert.All(berlin, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("basis").ValueKind));
        Assert.All(berlin, r => Assert.Contains("24 of 48 hours of zone DE", r.GetProperty("note").GetString(), StringComparison.Ordinal));
        Assert.All(berlin, r => Assert.Contains("first missing 2024-01-01T00:00Z", r.GetProperty("note").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calculate_RecordSpanningTwoMonths_EachMonthUsesTheHoursOfItsPart()
    {
        using var client = await TenantClientAsync("hourly-split");
        await PutSettingsAsync(client, new Dictionary<string, object?> { ["hourly_grid_scope2"] = true });
        await PostAsync(client, "/api/v1/activities", new { activity_id = "electricity.grid", amount = 480, unit = "kWh", period_start = "2023-06-30", period_end = "2023-07-01", site = "Berlin", region = "DE" }, HttpStatusCode.Created);
        await PostAsync(client, "/api/v1/calculations", new { from = "2023-01-01", to = "2023-12-31" }, HttpStatusCode.Created);
        var rows = (await RowsAsync(client)).Where(r => r.GetProperty("method").GetString() == "location").OrderBy(r => r.GetProperty("date").GetString(), StringComparer.Ordinal).ToList();

        Assert.Equal(["2023-06-30", "2023-07-01"], rows.Select(r => r.GetProperty("date").GetString()));
        var june = DirectMean("2023-06-30", "2023-06-30");
        var july = DirectMean("2023-07-01", "2023-07-01");
        Assert.NotEqual(june, july, 3);
        Assert.All(rows, r => Assert.Equal(0.5, r.GetProperty("share").GetDouble(), 12));
        Assert.All(rows, r => Assert.Equal(240, r.GetProperty("quantity").GetDouble(), 9));
        Assert.Equal(240 * june / 1000, rows[0].GetProperty("kgco2e").GetDouble(), 9);
        Assert.Equal(240 * july / 1000, rows[1].GetProperty("kgco2e").GetDouble(), 9);
        Assert.Contains("zone DE, 24 hours 2023-06-30T00:00Z to 2023-07-01T00:00Z", rows[0].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Contains("zone DE, 24 hours 2023-07-01T00:00Z to 2023-07-02T00:00Z", rows[1].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(july / 1000, rows[1].GetProperty("factor").GetProperty("value").GetDouble(), 12);

        // With flat energy the parts add up to the record's 48-hour figure.
        Assert.Equal(480 * DirectMean("2023-06-30", "2023-07-01") / 1000, rows.Sum(r => r.GetProperty("kgco2e").GetDouble()), 9);
    }

    [Fact]
    public async Task Calculate_SettingOn_CliAndApiGiveTheSameFigure()
    {
        var slug = "hc-" + Guid.NewGuid().ToString("N")[..8];
        var (_, token) = await service.CreateTenantAsync(slug);
        using var client = service.Client(token);
        await PutSettingsAsync(client, new Dictionary<string, object?> { ["hourly_grid_scope2"] = true });
        await PostAsync(client, "/api/v1/activities", new { activity_id = "electricity.grid", amount = 2500, unit = "kWh", period_start = "2023-06-01", period_end = "2023-06-02", region = "DE" }, HttpStatusCode.Created);
        var api = (await PostAsync(client, "/api/v1/calculations", new { from = "2023-01-01", to = "2023-12-31" }, HttpStatusCode.Created)).GetProperty("total_kgco2e").GetDouble();

        var (exit, stdout, stderr) = await CliProcess.RunAsync(["calculate", "--from", "2023-01-01", "--to", "2023-12-31", "--tenant", slug, "--json"], new Dictionary<string, string>(cliEnvironment));
        Assert.True(exit == 0, $"exit {exit}: {stdout} {stderr}");
        var cli = JsonDocument.Parse(stdout).RootElement.GetProperty("kg_co2e_location").GetDouble();
        Assert.Equal(2500 * DirectMean("2023-06-01", "2023-06-02") / 1000, api, 9);
        Assert.Equal(api, cli, 9);
    }

    /// <summary>The mean of the file's direct values over the UTC days [first, last].</summary>
    private static double DirectMean(string first, string last) =>
        File.ReadLines(Path.Combine(TestEnvironment.DatasetsPath, "grid-intensity-hourly-electricitymaps", "DE_2023_hourly.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(f => string.CompareOrdinal(f[0][..10], first) >= 0 && string.CompareOrdinal(f[0][..10], last) <= 0)
            .Select(f => double.Parse(f[4], CultureInfo.InvariantCulture))
            .Average();

    private async Task<HttpClient> TenantClientAsync(string prefix)
    {
        var (_, token) = await service.CreateTenantAsync($"{prefix}-{Guid.NewGuid():N}"[..20]);
        return service.Client(token);
    }

    private static async Task<List<JsonElement>> RowsAsync(HttpClient client, string to = "2023-12-31") =>
        [.. (await GetAsync(client, $"/api/v1/emissions/records?from=2023-01-01&to={to}&limit=1000")).GetProperty("items").EnumerateArray()];

    private static async Task PutSettingsAsync(HttpClient client, Dictionary<string, object?> settings)
    {
        using var put = await client.PutAsJsonAsync("/api/v1/settings", settings, Ct);
        var text = await put.Content.ReadAsStringAsync(Ct);
        Assert.True(put.IsSuccessStatusCode, text);
        Assert.Equal(settings["hourly_grid_scope2"], JsonDocument.Parse(text).RootElement.GetProperty("hourly_grid_scope2").GetBoolean());
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"{path}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>The service on PostgreSQL (application role, row-level security) with the shipped hourly history in its store.</summary>
public sealed class PostgresGridServiceFixture : IAsyncLifetime
{
    public ServiceInstance Service { get; private set; } = null!;

    public PostgresDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await PostgresDatabase.CreateAsync(4);
        Service = await ServiceInstance.StartAsync(new Dictionary<string, string>(Database.ServiceSettings(tenantFilters: false)) { ["FactorTrace:Grid:IngestDatasetHistory"] = "true" });
        await Service.Get<GridWorker>().HistoryLoaded.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}

/// <summary>On the embedded default; the CLI on the service's SQLite file.</summary>
public sealed class SqliteHourlyScope2Tests(Grid.GridServiceFixture fixture)
    : HourlyScope2Tests(fixture.Service, new Dictionary<string, string> { ["FactorTrace__DataDirectory"] = fixture.Service.DataDirectory }), IClassFixture<Grid.GridServiceFixture>;

/// <summary>On PostgreSQL under row-level security; the CLI on the same database.</summary>
public sealed class PostgresHourlyScope2Tests(PostgresGridServiceFixture fixture)
    : HourlyScope2Tests(fixture.Service, Cli(fixture.Database)), IClassFixture<PostgresGridServiceFixture>
{
    private static Dictionary<string, string> Cli(PostgresDatabase database) =>
        database.ServiceSettings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
}
