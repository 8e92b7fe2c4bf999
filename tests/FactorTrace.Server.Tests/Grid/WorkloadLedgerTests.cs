using System.Globalization;
using System.Net;
using System.Text.Json;
using FactorTrace.Server.Tests.Ledger;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.Grid;

/// <summary>
/// Workload results in the ledger (issue 21): a calculation run posts a cloud service to Scope 3 category 1 and a service
/// of the tenant's own data centre to Scope 2 (direct intensities) with its upstream part in category 3, hour by hour on
/// the shipped DE history (values hand-summed here), each row naming its factor; the ESRS report shows them.
/// </summary>
public abstract class WorkloadLedgerTests(ServiceInstance service)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Calculate_CloudAndOwnDataCentre_RowsInTheirScopesPricedHourByHour()
    {
        using var client = await TenantClientAsync("wl-ledger");
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/checkout", new { wh_per_unit = 0.5, pue = 1.2, embodied_share = 0.1, ledger = "scope3-cloud" }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/batch", new { embodied_share = 0.5, ledger = "scope2" }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/workloads/records",
            new { service = "checkout", region = "gcp:europe-west3", from = "2023-06-01T10:30:00Z", to = "2023-06-01T12:30:00Z", requests = 1_000_000 }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/workloads/records",
            new { service = "batch", region = "DE", from = "2023-06-02T02:00:00+02:00", to = "2023-06-02T03:30:00+02:00", measured_kwh = 30 }, HttpStatusCode.Created);

        var run = await SendAsync(client, HttpMethod.Post, "/api/v1/calculations", new { from = "2023-01-01", to = "2023-12-31" }, HttpStatusCode.Created);
        var rows = await RowsAsync(client);

        // Cloud: 600 kWh (1,000,000 × 0.5 Wh × 1.2) over 10:30–12:30Z at life-cycle values, plus 10 % embodied.
        var june1 = Hours("2023-06-01");
        var cloudKg = (150 * june1[10].Lifecycle + 300 * june1[11].Lifecycle + 150 * june1[12].Lifecycle) / 1000;
        var cloud = Assert.Single(rows, r => r.GetProperty("basis").GetString() == "workload_cloud");
        Assert.Equal(("3", "3.1", "both"), (cloud.GetProperty("scope").GetString(), cloud.GetProperty("category").GetString(), cloud.GetProperty("method").GetString()));
        Assert.Equal(600, cloud.GetProperty("quantity").GetDouble(), 9);
        Assert.Equal(cloudKg * 1.1, cloud.GetProperty("kgco2e").GetDouble(), 9);
        Assert.Contains("plus", cloud.GetProperty("note").GetString(), StringComparison.Ordinal);
        var factor = cloud.GetProperty("factor");
        Assert.Equal("hourly-grid-profile", factor.GetProperty("source").GetString());
        Assert.Equal(MonthMean("2023-06", lifecycle: true) / 1000, factor.GetProperty("value").GetDouble(), 9);
        Assert.Equal(64, factor.GetProperty("provenance").GetProperty("sha256").GetString()!.Length);

        // Own data centre: 30 kWh over 00:00–01:30Z (offsets normalised): 20 kWh in hour 0, 10 kWh in half of hour 1.
        var june2 = Hours("2023-06-02");
        var direct = (20 * june2[0].Direct + 10 * june2[1].Direct) / 1000;
        var lifecycle = (20 * june2[0].Lifecycle + 10 * june2[1].Lifecycle) / 1000;
        var own = rows.Where(r => r.GetProperty("basis").GetString() == "workload_data_centre").ToDictionary(r => r.GetProperty("method").GetString()!);
        Assert.Equal(["both", "location", "market"], own.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("2", own["location"].GetProperty("scope").GetString());
        Assert.Equal(direct, own["location"].GetProperty("kgco2e").GetDouble(), 9);
        Assert.Equal(direct, own["market"].GetProperty("kgco2e").GetDouble(), 9);
        Assert.Contains("no supplier rate", own["market"].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(("3", "3.3"), (own["both"].GetProperty("scope").GetString(), own["both"].GetProperty("category").GetString()));
        Assert.Equal(lifecycle - direct, own["both"].GetProperty("kgco2e").GetDouble(), 9);
        Assert.Equal(MonthMean("2023-06", lifecycle: false) / 1000, own["location"].GetProperty("factor").GetProperty("value").GetDouble(), 9);

        // The run counts both records; its location-based total is the rows' (no embodied share for own hardware).
        Assert.Equal(2, run.GetProperty("records").GetInt32());
        Assert.Equal(cloudKg * 1.1 + lifecycle, run.GetProperty("total_kgco2e").GetDouble(), 9);

        // The workload report prices the same parts by the same rule.
        var report = await SendAsync(client, HttpMethod.Get, "/api/v1/workloads/emissions?from=2023-06-01T00:00:00Z&to=2023-06-03T00:00:00Z&group_by=service", null, HttpStatusCode.OK);
        var groups = report.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        Assert.Equal(cloudKg, groups["checkout"].GetProperty("operational_kgco2e").GetDouble(), 9);
        Assert.Equal(lifecycle, groups["batch"].GetProperty("operational_kgco2e").GetDouble(), 9);
    }

    [Fact]
    public async Task Report_WorkloadsInTheLedger_EsrsLinesWithTheirRowsBehind()
    {
        using var client = await TenantClientAsync("wl-esrs");
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/api", new { ledger = "scope3-cloud" }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/workloads/records",
            new { service = "api", region = "DE", from = "2023-03-01T00:00:00Z", to = "2023-03-01T04:00:00Z", measured_kwh = 40 }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/activities", new { activity_id = "fuel.diesel", amount = 100, unit = "L", date = "2023-03-02" }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/calculations", new { from = "2023-01-01", to = "2023-12-31" }, HttpStatusCode.Created);

        var created = await SendAsync(client, HttpMethod.Post, "/api/v1/reports", new { framework = "esrs-e1", from = "2023-01-01", to = "2023-12-31", formats = new[] { "html", "json" }, net_revenue = new { amount = 1_000_000, currency = "EUR" } }, HttpStatusCode.Created);
        var report = await CompletedAsync(client, created.GetProperty("id").GetString()!);
        var files = report.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("kind").GetString()!, f => f.GetProperty("url").GetString()!);
        using var json = JsonDocument.Parse(await client.GetByteArrayAsync(files["json"], Ct));
        var figures = json.RootElement.GetProperty("figures").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);
        var expected = Hours("2023-03-01").Take(4).Sum(h => 10 * h.Lifecycle) / 1000;
        Assert.Equal(expected, figures["workloads.scope3.cloud"].GetProperty("value_kg").GetDouble(), 6);
        Assert.Equal(expected, figures["scope3.cat1"].GetProperty("value_kg").GetDouble(), 6);
        Assert.False(figures.ContainsKey("workloads.scope2.location"));
        Assert.Contains("Of which software workloads", await client.GetStringAsync(files["html"], Ct), StringComparison.Ordinal);

        var behind = await SendAsync(client, HttpMethod.Get, $"/api/v1/reports/{report.GetProperty("id").GetString()}/figures/workloads.scope3.cloud/rows", null, HttpStatusCode.OK);
        var row = Assert.Single(behind.GetProperty("items").EnumerateArray());
        Assert.Equal("workload_cloud", row.GetProperty("basis").GetString());
    }

    [Fact]
    public async Task Calculate_ServiceLosesItsEnergyPerUnit_RowFailsAndSaysWhy()
    {
        using var client = await TenantClientAsync("wl-fail");
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/search", new { wh_per_unit = 2, ledger = "scope2" }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/workloads/records",
            new { service = "search", region = "FR", from = "2023-05-01T00:00:00Z", to = "2023-05-01T01:00:00Z", requests = 1000 }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/search", new { ledger = "scope2" }, HttpStatusCode.OK);

        var run = await SendAsync(client, HttpMethod.Post, "/api/v1/calculations", new { from = "2023-05-01", to = "2023-05-31" }, HttpStatusCode.Created);
        Assert.Equal(1, run.GetProperty("failed").GetInt32());
        var rows = await SendAsync(client, HttpMethod.Get, $"/api/v1/emissions/records?from=2023-05-01&to=2023-05-31&status=error", null, HttpStatusCode.OK);
        var row = Assert.Single(rows.GetProperty("items").EnumerateArray());
        Assert.Equal("workload_energy_unknown", row.GetProperty("error_code").GetString());
        Assert.Contains("'search'", row.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    private static List<(double Direct, double Lifecycle)> Hours(string day) =>
        [.. Lines().Where(f => f[0].StartsWith(day, StringComparison.Ordinal)).Select(f => (Number(f[4]), Number(f[5])))];

    private static double MonthMean(string month, bool lifecycle) =>
        Lines().Where(f => f[0].StartsWith(month, StringComparison.Ordinal)).Select(f => Number(lifecycle ? f[5] : f[4])).Average();

    private static IEnumerable<string[]> Lines() =>
        File.ReadLines(Path.Combine(TestEnvironment.DatasetsPath, "grid-intensity-hourly-electricitymaps", "DE_2023_hourly.csv")).Skip(1).Select(l => l.Split(','));

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static async Task<List<JsonElement>> RowsAsync(HttpClient client) =>
        [.. (await SendAsync(client, HttpMethod.Get, "/api/v1/emissions/records?from=2023-01-01&to=2023-12-31&limit=1000", null, HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    private static async Task<JsonElement> CompletedAsync(HttpClient client, string id)
    {
        // The report is generated by the background worker; poll its status (bounded by the test's cancellation).
        while (true)
        {
            var report = await SendAsync(client, HttpMethod.Get, $"/api/v1/reports/{id}", null, HttpStatusCode.OK);
            var status = report.GetProperty("status").GetString();
            if (status is "completed" or "failed")
            {
                Assert.True(status == "completed", report.GetProperty("error").ToString());
                return report;
            }

            await Task.Delay(50, Ct);
        }
    }

    private async Task<HttpClient> TenantClientAsync(string prefix)
    {
        var (_, token) = await service.CreateTenantAsync($"{prefix}-{Guid.NewGuid():N}"[..20]);
        return service.Client(token);
    }

}

/// <summary>On the embedded default.</summary>
public sealed class SqliteWorkloadLedgerTests(GridServiceFixture fixture) : WorkloadLedgerTests(fixture.Service), IClassFixture<GridServiceFixture>;

/// <summary>On PostgreSQL with row-level security.</summary>
public sealed class PostgresWorkloadLedgerTests(PostgresGridServiceFixture fixture) : WorkloadLedgerTests(fixture.Service), IClassFixture<PostgresGridServiceFixture>;
