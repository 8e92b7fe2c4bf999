using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.Reporting;

/// <summary>
/// ESRS E1 reports over HTTP: asked for, generated in the background, downloaded in every format with their hashes, a
/// figure traced to its result rows, bad input refused with what to do, roles and tenant isolation.
/// </summary>
public abstract class ReportApiTests(ServiceInstance service)
{
    private const string Lei = "5493001KJTIIGC8Y1R12";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly object[] Records =
    [
        new { activity_id = "fuel.diesel", amount = 1000, unit = "L", date = "2024-03-01", site = "Leeds", region = "GB", scope1_source = "mobile-combustion" },
        new { activity_id = "fuel.natural-gas", amount = 600, unit = "m3", period_start = "2024-01-15", period_end = "2024-03-14", site = "York", region = "GB", scope1_source = "stationary-combustion" },
        new { activity_id = "electricity.grid", amount = 10000, unit = "kWh", date = "2024-03-31", site = "Leeds", region = "GB" },
        new { activity_id = "spend.naics.331110", spend = 1000, currency = "EUR", date = "2024-03-16", region = "US", supplier = "Steelworks" },
    ];

    [Fact]
    public async Task Report_FromACalculatedLedger_EveryFormatDownloadsWithItsHashAndAFigureTracesToItsRows()
    {
        using var client = await TenantClientAsync("rep");
        await SendAsync(client, HttpMethod.Put, "/api/v1/settings", new { lei = Lei, nace_activity = "C25.11" }, HttpStatusCode.OK);
        await SendAsync(client, HttpMethod.Post, "/api/v1/activities/batch", new { items = Records }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);
        var summary = await SendAsync(client, HttpMethod.Get, "/api/v1/emissions/summary?from=2024-01-01&to=2024-12-31&group_by=scope", null, HttpStatusCode.OK);
        var scope1Kg = summary.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == "1").GetProperty("kgco2e").GetDouble();
        await SendAsync(client, HttpMethod.Put, "/api/v1/reporting-periods",
            new
            {
                from = "2024-01-01",
                to = "2024-12-31",
                net_revenue = new { amount = 2_500_000m, currency = "EUR" },
                scope3_exclusions = new Dictionary<string, string> { ["13"] = "No downstream leased assets." },
                narratives = new Dictionary<string, string> { ["ghg-emissions"] = "Diesel & gas dominate Scope 1 <as measured>." }
            },
            HttpStatusCode.OK);

        var created = await SendAsync(client, HttpMethod.Post, "/api/v1/reports", new { framework = "esrs-e1", from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);
        Assert.Equal("pending", created.GetProperty("status").GetString());
        var report = await CompletedAsync(client, created.GetProperty("id").GetString()!);
        Assert.Equal("completed", report.GetProperty("status").GetString());
        var files = report.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("kind").GetString()!);
        Assert.Superset(new HashSet<string> { "html", "xhtml", "csv", "json" }, files.Keys.ToHashSet());

        foreach (var (kind, file) in files)
        {
            using var response = await client.GetAsync(file.GetProperty("url").GetString(), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
            Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
            Assert.Equal(file.GetProperty("content_type").GetString()!.Split(';')[0], response.Content.Headers.ContentType!.MediaType);
            Assert.EndsWith("." + kind, response.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
        }

        using var json = JsonDocument.Parse(await client.GetByteArrayAsync(files["json"].GetProperty("url").GetString(), Ct));
        var scope1 = json.RootElement.GetProperty("figures").EnumerateArray().First(f => f.GetProperty("id").GetString() == "scope1");
        Assert.Equal(scope1Kg, scope1.GetProperty("value_kg").GetDouble(), 1e-6); // the report's Scope 1 is the ledger's
        var xhtml = await client.GetStringAsync(files["xhtml"].GetProperty("url").GetString(), Ct);
        Assert.Contains(Lei, xhtml, StringComparison.Ordinal);
        Assert.Contains("esrs:GrossScope1GreenhouseGasEmissions", xhtml, StringComparison.Ordinal);
        Assert.Contains("NACE_C2511", xhtml, StringComparison.Ordinal); // breakdowns by gas and source are tagged
        Assert.Contains("Diesel &amp; gas dominate Scope 1 &lt;as measured&gt;.", xhtml, StringComparison.Ordinal);
        var validator = FactorTrace.Reporting.Xbrl.IxbrlValidator.ForFolder(Path.Combine(TestEnvironment.DatasetsPath, FactorTrace.Reporting.Xbrl.EsrsTaxonomy.FolderName));
        using (var document = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xhtml)))
        {
            Assert.Empty(validator.Validate(document));
        }

        var rows = await SendAsync(client, HttpMethod.Get, $"/api/v1/reports/{report.GetProperty("id").GetString()}/figures/scope1/rows?limit=2", null, HttpStatusCode.OK);
        Assert.Equal(4, rows.GetProperty("total").GetInt32()); // diesel, and the gas bill's three month parts
        Assert.Equal(2, rows.GetProperty("items").GetArrayLength());
        var all = await SendAsync(client, HttpMethod.Get, $"/api/v1/reports/{report.GetProperty("id").GetString()}/figures/scope1/rows?limit=100", null, HttpStatusCode.OK);
        Assert.Equal(scope1Kg, all.GetProperty("items").EnumerateArray().Sum(r => r.GetProperty("kgco2e").GetDouble()), 1e-6);
        Assert.All(all.GetProperty("items").EnumerateArray(), r => Assert.Equal(JsonValueKind.Object, r.GetProperty("factor").ValueKind));

        // A second report of the period names the one it supersedes; the first stays as it was.
        var second = await SendAsync(client, HttpMethod.Post, "/api/v1/reports", new { framework = "esrs-e1", from = "2024-01-01", to = "2024-12-31", formats = new[] { "csv" } }, HttpStatusCode.Created);
        Assert.Equal(report.GetProperty("id").GetString(), second.GetProperty("supersedes_report_id").GetString());
        var secondDone = await CompletedAsync(client, second.GetProperty("id").GetString()!);
        Assert.Equal(["csv", "json"], secondDone.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).Order(StringComparer.Ordinal));
        using var noHtml = await client.GetAsync($"/api/v1/reports/{second.GetProperty("id").GetString()}/files/html", Ct);
        Assert.Equal(HttpStatusCode.NotFound, noHtml.StatusCode);
    }

    [Fact]
    public async Task Report_BadInput_422NamingWhatToDo_AndNothingStored()
    {
        using var client = await TenantClientAsync("rbad");
        var noRun = await SendAsync(client, HttpMethod.Post, "/api/v1/reports", new { framework = "esrs-e1", from = "2023-01-01", to = "2023-12-31", net_revenue = new { amount = 1000, currency = "EUR" } }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("no_completed_run", noRun.GetProperty("code").GetString());
        Assert.Contains("calculate", noRun.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await SendAsync(client, HttpMethod.Post, "/api/v1/activities", Records[0], HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);
        var noRevenue = await SendAsync(client, HttpMethod.Post, "/api/v1/reports", new { framework = "esrs-e1", from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("net_revenue_required", noRevenue.GetProperty("code").GetString());
        Assert.Contains("reporting-periods", noRevenue.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var noLei = await SendAsync(client, HttpMethod.Post, "/api/v1/reports", new { framework = "esrs-e1", from = "2024-01-01", to = "2024-12-31", net_revenue = new { amount = 1000, currency = "EUR" } }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("lei_required", noLei.GetProperty("code").GetString());
        Assert.Contains("PUT /api/v1/settings", noLei.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var badPeriod = await SendAsync(client, HttpMethod.Post, "/api/v1/reports", new { framework = "esrs-e1", from = "2024-12-31", to = "2024-01-01" }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("invalid_period", badPeriod.GetProperty("code").GetString());
        var badFormat = await SendAsync(client, HttpMethod.Post, "/api/v1/reports", new { framework = "esrs-e1", from = "2024-01-01", to = "2024-12-31", formats = new[] { "docx" } }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("unknown_format", badFormat.GetProperty("code").GetString());
        var badLei = await SendAsync(client, HttpMethod.Put, "/api/v1/settings", new { lei = "5493001KJTIIGC8Y1R13" }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("lei", badLei.GetProperty("field").GetString());

        var list = await SendAsync(client, HttpMethod.Get, "/api/v1/reports", null, HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Report_ViewerReadsButCannotGenerate_OtherTenantSees404()
    {
        using var client = await TenantClientAsync("rrole");
        await SendAsync(client, HttpMethod.Put, "/api/v1/settings", new { lei = Lei }, HttpStatusCode.OK);
        await SendAsync(client, HttpMethod.Post, "/api/v1/activities", Records[0], HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);
        var body = new { framework = "esrs-e1", from = "2024-01-01", to = "2024-12-31", net_revenue = new { amount = 1000, currency = "EUR" }, formats = new[] { "html" } };
        var id = (await SendAsync(client, HttpMethod.Post, "/api/v1/reports", body, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await CompletedAsync(client, id);

        var key = (await SendAsync(client, HttpMethod.Post, "/api/v1/api-keys", new { name = "reader", role = "viewer" }, HttpStatusCode.Created)).GetProperty("key").GetString();
        using var viewer = service.Client(apiKey: key);
        var forbidden = await SendAsync(viewer, HttpMethod.Post, "/api/v1/reports", body, HttpStatusCode.Forbidden);
        Assert.Contains("editor", forbidden.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        using (var html = await viewer.GetAsync($"/api/v1/reports/{id}/files/html", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        }

        using var other = await TenantClientAsync("rother");
        foreach (var path in new[] { $"/api/v1/reports/{id}", $"/api/v1/reports/{id}/files/html", $"/api/v1/reports/{id}/figures/scope1/rows" })
        {
            using var response = await other.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

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
public sealed class SqliteReportApiTests(SqliteServiceFixture fixture) : ReportApiTests(fixture.Service), IClassFixture<SqliteServiceFixture>;

/// <summary>On PostgreSQL as the application role, under row-level security.</summary>
public sealed class PostgresReportApiTests(PostgresRlsOnlyFixture fixture) : ReportApiTests(fixture.Service), IClassFixture<PostgresRlsOnlyFixture>;
