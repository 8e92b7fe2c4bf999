using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.Grid;

/// <summary>
/// Workload emissions over HTTP on the shipped hourly history: energy from requests × Wh × PUE (or measured), priced
/// hour by hour with partial hours weighted, the yearly mean only where no hour is stored (and said), per month, per
/// 1,000 requests, and kept apart between tenants.
/// </summary>
public sealed class WorkloadApiTests(GridServiceFixture fixture) : IClassFixture<GridServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Emissions_PartialHoursOfDe_WeightedByMinutesWithPueAndEmbodied()
    {
        using var client = await TenantAsync();
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/checkout", new { wh_per_unit = 0.5, pue = 1.2, embodied_share = 0.1, ledger = "scope3-cloud" }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/workloads/records",
            new { service = "checkout", region = "gcp:europe-west3", from = "2023-06-01T10:30:00Z", to = "2023-06-01T12:30:00Z", requests = 1_000_000 }, HttpStatusCode.Created);

        var report = await SendAsync(client, HttpMethod.Get, "/api/v1/workloads/emissions?from=2023-06-01T00:00:00Z&to=2023-06-02T00:00:00Z&group_by=service", null, HttpStatusCode.OK);
        var lca = Lifecycle("DE_2023_hourly.csv", "2023-06-01");
        // 1,000,000 × 0.5 Wh × 1.2 = 600 kWh over 120 minutes: 150 kWh in 10:30–11, 300 in 11–12, 150 in 12–12:30.
        var operational = (150 * lca[10] + 300 * lca[11] + 150 * lca[12]) / 1000;
        var row = report.GetProperty("groups")[0];
        Assert.Equal("checkout", row.GetProperty("key").GetString());
        Assert.Equal("scope3-cloud", row.GetProperty("ledger").GetString());
        Assert.Equal(600, row.GetProperty("kwh").GetDouble(), 9);
        Assert.Equal(operational, row.GetProperty("operational_kgco2e").GetDouble(), 9);
        Assert.Equal(operational * 0.1, row.GetProperty("embodied_kgco2e").GetDouble(), 9);
        Assert.Equal(operational * 1.1 * 1000 / 1000, row.GetProperty("gco2e_per_1000_units").GetDouble(), 9);
        Assert.Equal(1.0, row.GetProperty("hourly_share").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("note").ValueKind);
    }

    [Fact]
    public async Task Emissions_NoHourlyData_YearlyMeanUsedAndSaid_MeasuredEnergyWins()
    {
        using var client = await TenantAsync();
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/batch-jobs", new { wh_per_unit = 1000, ledger = "scope2" }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/workloads/records",
            new { service = "batch-jobs", region = "us-cal-ciso", from = "2024-02-01T00:00:00Z", to = "2024-02-01T02:00:00Z", requests = 5, measured_kwh = 10 }, HttpStatusCode.Created);

        var report = await SendAsync(client, HttpMethod.Get, "/api/v1/workloads/emissions?from=2024-02-01T00:00:00Z&to=2024-03-01T00:00:00Z", null, HttpStatusCode.OK);
        var yearly = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestEnvironment.DatasetsPath, "grid-intensity-yearly", "electricitymaps-yearly-2024.json")))
            .RootElement.GetProperty("US-CAL-CISO").GetProperty("carbonIntensity").GetProperty("value").GetDouble();
        var row = report.GetProperty("groups")[0];
        Assert.Equal(10, row.GetProperty("kwh").GetDouble(), 9);
        Assert.Equal(10 * yearly / 1000, row.GetProperty("operational_kgco2e").GetDouble(), 9);
        Assert.Equal(0, row.GetProperty("hourly_share").GetDouble());
        Assert.Equal(10, row.GetProperty("yearly_kwh").GetDouble(), 9);
        Assert.Contains("yearly mean", row.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal("scope2", row.GetProperty("ledger").GetString());
    }

    [Fact]
    public async Task Emissions_ByMonth_RecordAcrossMonthStartSplitByTime()
    {
        using var client = await TenantAsync();
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/etl", new { }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/workloads/records",
            new { service = "etl", region = "DE", from = "2023-02-01T00:00:00+01:00", to = "2023-02-01T02:00:00+01:00", measured_kwh = 2 }, HttpStatusCode.Created);

        var report = await SendAsync(client, HttpMethod.Get, "/api/v1/workloads/emissions?from=2023-01-01T00:00:00Z&to=2023-03-01T00:00:00Z&group_by=month", null, HttpStatusCode.OK);
        var groups = report.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        Assert.Equal(1, groups["2023-01"].GetProperty("kwh").GetDouble(), 9);
        Assert.Equal(Lifecycle("DE_2023_hourly.csv", "2023-01-31")[23] / 1000, groups["2023-01"].GetProperty("operational_kgco2e").GetDouble(), 9);
        Assert.Equal(Lifecycle("DE_2023_hourly.csv", "2023-02-01")[0] / 1000, groups["2023-02"].GetProperty("operational_kgco2e").GetDouble(), 9);
        Assert.Equal(2, report.GetProperty("total").GetProperty("kwh").GetDouble(), 9);
    }

    [Fact]
    public async Task Emissions_SupplierRateForTheCountry_MarketBasedUsesItLocationBasedKeepsTheGrid()
    {
        using var client = await TenantAsync();
        await SendAsync(client, HttpMethod.Post, "/api/v1/private-factors", new
        {
            kind = "electricity_supplier",
            supplier = "Green Co",
            unit = "MWh",
            kg_co2e_per_unit = 20,
            region = "FR",
            name = "Green Co 2023",
            valid_from = "2023-01-01",
            valid_to = "2023-12-31",
            evidence = "fuel mix disclosure",
        }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/render", new { ledger = "scope2" }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/workloads/records",
            new { service = "render", region = "azure:francecentral", from = "2023-06-01T00:00:00Z", to = "2023-06-01T02:00:00Z", measured_kwh = 10 }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/workloads/records",
            new { service = "render", region = "DE", from = "2023-06-01T00:00:00Z", to = "2023-06-01T01:00:00Z", measured_kwh = 1 }, HttpStatusCode.Created);

        var report = await SendAsync(client, HttpMethod.Get, "/api/v1/workloads/emissions?from=2023-06-01T00:00:00Z&to=2023-06-02T00:00:00Z&group_by=region", null, HttpStatusCode.OK);
        var groups = report.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        var fr = Lifecycle("FR_2023_hourly.csv", "2023-06-01");
        Assert.Equal((5 * fr[0] + 5 * fr[1]) / 1000, groups["FR"].GetProperty("operational_kgco2e").GetDouble(), 9);
        Assert.Equal(10 * 0.020, groups["FR"].GetProperty("market_based_kgco2e").GetDouble(), 9);
        Assert.Equal(10, groups["FR"].GetProperty("instrument_kwh").GetDouble(), 9);
        var de = Lifecycle("DE_2023_hourly.csv", "2023-06-01")[0] / 1000;
        Assert.Equal((de, de, 0.0), (groups["DE"].GetProperty("operational_kgco2e").GetDouble(), groups["DE"].GetProperty("market_based_kgco2e").GetDouble(), groups["DE"].GetProperty("instrument_kwh").GetDouble()));
    }

    [Fact]
    public async Task Workloads_SecondTenant_SeesNothingAndCannotUseTheFirstsService()
    {
        using var first = await TenantAsync();
        using var second = await TenantAsync();
        await SendAsync(first, HttpMethod.Put, "/api/v1/workloads/services/secret-svc", new { wh_per_unit = 1 }, HttpStatusCode.Created);
        await SendAsync(first, HttpMethod.Post, "/api/v1/workloads/records",
            new { service = "secret-svc", region = "FR", from = "2023-06-01T00:00:00Z", to = "2023-06-01T01:00:00Z", requests = 1000 }, HttpStatusCode.Created);

        Assert.Equal(0, (await SendAsync(second, HttpMethod.Get, "/api/v1/workloads/services", null, HttpStatusCode.OK)).GetProperty("services").GetArrayLength());
        Assert.Equal(0, (await SendAsync(second, HttpMethod.Get, "/api/v1/workloads/emissions?from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z", null, HttpStatusCode.OK)).GetProperty("records").GetInt32());
        Assert.Equal(0, (await SendAsync(second, HttpMethod.Get, "/api/v1/workloads/records?from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z", null, HttpStatusCode.OK)).GetProperty("records").GetArrayLength());
        var refused = await SendAsync(second, HttpMethod.Post, "/api/v1/workloads/records",
            new { service = "secret-svc", region = "FR", from = "2023-06-01T00:00:00Z", to = "2023-06-01T01:00:00Z", requests = 1000 }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("unknown_service", refused.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await second.DeleteAsync("/api/v1/workloads/services/secret-svc", Ct)).StatusCode);
        Assert.Equal(1, (await SendAsync(first, HttpMethod.Get, "/api/v1/workloads/services", null, HttpStatusCode.OK)).GetProperty("services").GetArrayLength());
    }

    [Fact]
    public async Task Batch_OneBadItem_NothingStoredAndEachProblemNamed()
    {
        using var client = await TenantAsync();
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/api", new { wh_per_unit = 0.2 }, HttpStatusCode.Created);
        var problem = await SendAsync(client, HttpMethod.Post, "/api/v1/workloads/records/batch", new
        {
            items = new object[]
            {
                new { service = "api", region = "aws:eu-west-3", from = "2023-06-01T00:00:00Z", to = "2023-06-01T01:00:00Z", requests = 10 },
                new { service = "api", region = "Frankfurt", from = "2023-06-01T00:00:00", to = "2023-06-01T01:00:00Z", requests = 10 },
            },
        }, HttpStatusCode.UnprocessableEntity);
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["items[1].region", "items[1].from"], fields);
        Assert.Equal(0, (await SendAsync(client, HttpMethod.Get, "/api/v1/workloads/records?from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z", null, HttpStatusCode.OK)).GetProperty("records").GetArrayLength());

        var created = await SendAsync(client, HttpMethod.Post, "/api/v1/workloads/records/batch", new
        {
            items = new[] { new { service = "API", region = "aws:eu-west-3", from = "2023-06-01T00:00:00Z", to = "2023-06-01T01:00:00Z", requests = 10 } },
        }, HttpStatusCode.Created);
        Assert.Equal(1, created.GetProperty("created").GetInt32());
        var records = (await SendAsync(client, HttpMethod.Get, "/api/v1/workloads/records?from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z", null, HttpStatusCode.OK)).GetProperty("records");
        Assert.Equal(("FR", "aws:eu-west-3"), (records[0].GetProperty("zone").GetString(), records[0].GetProperty("region").GetString()));
    }

    private async Task<HttpClient> TenantAsync()
    {
        var (_, token) = await fixture.Service.CreateTenantAsync("wl" + Guid.NewGuid().ToString("N")[..10]);
        return fixture.Service.Client(token);
    }

    private static List<double> Lifecycle(string file, string day) =>
        [.. File.ReadLines(Path.Combine(TestEnvironment.DatasetsPath, "grid-intensity-hourly-electricitymaps", file)).Skip(1)
            .Where(l => l.StartsWith(day, StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(',')[5], CultureInfo.InvariantCulture))];
}

/// <summary>Workload data between tenants on PostgreSQL with the EF filters off: row-level security alone keeps them apart.</summary>
public sealed class WorkloadRowLevelSecurityTests(PostgresRlsOnlyFixture fixture) : IClassFixture<PostgresRlsOnlyFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Workloads_SecondTenantUnderRlsOnly_SeesAndChangesNothingOfTheFirst()
    {
        var (_, firstToken) = await fixture.Service.CreateTenantAsync("wr" + Guid.NewGuid().ToString("N")[..10]);
        var (_, secondToken) = await fixture.Service.CreateTenantAsync("wr" + Guid.NewGuid().ToString("N")[..10]);
        using var first = fixture.Service.Client(firstToken);
        using var second = fixture.Service.Client(secondToken);
        Assert.Equal(HttpStatusCode.Created, (await first.PutAsJsonAsync("/api/v1/workloads/services/ledger-api", new { wh_per_unit = 2 }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await first.PostAsJsonAsync("/api/v1/workloads/records",
            new { service = "ledger-api", region = "FR", from = "2023-06-01T00:00:00Z", to = "2023-06-01T01:00:00Z", requests = 500 }, Ct)).StatusCode);

        var services = JsonDocument.Parse(await second.GetStringAsync("/api/v1/workloads/services", Ct)).RootElement;
        Assert.Equal(0, services.GetProperty("services").GetArrayLength());
        var emissions = JsonDocument.Parse(await second.GetStringAsync("/api/v1/workloads/emissions?from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z", Ct)).RootElement;
        Assert.Equal(0, emissions.GetProperty("records").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await second.DeleteAsync("/api/v1/workloads/services/ledger-api", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await second.PutAsJsonAsync("/api/v1/workloads/services/ledger-api", new { wh_per_unit = 9 }, Ct)).StatusCode);

        var mine = JsonDocument.Parse(await first.GetStringAsync("/api/v1/workloads/services", Ct)).RootElement.GetProperty("services");
        Assert.Equal(2, mine[0].GetProperty("wh_per_unit").GetDouble());
        var report = JsonDocument.Parse(await first.GetStringAsync("/api/v1/workloads/emissions?from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z", Ct)).RootElement;
        Assert.Equal(1, report.GetProperty("records").GetInt32());
        Assert.Equal(1.0, report.GetProperty("total").GetProperty("kwh").GetDouble(), 9);
    }
}
