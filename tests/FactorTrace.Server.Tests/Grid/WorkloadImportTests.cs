using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FactorTrace.Server.Tests.Imports;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.Grid;

/// <summary>
/// Workload records from CSV and XLSX files over HTTP: the importer's readers, the JSON API's rule per row, all or
/// nothing with every bad row named, numbers never reinterpreted, services only of the caller's tenant, and the same
/// emissions as the same records posted as JSON.
/// </summary>
public sealed class WorkloadImportTests(GridServiceFixture fixture) : IClassFixture<GridServiceFixture>
{
    private const string Import = "/api/v1/workloads/records/import";
    private const string AllRecords = "/api/v1/workloads/records?from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string SemicolonDecimalComma = string.Join("\r\n",
        "Service;Zone;Period Start;Period End;Energy kWh",
        "checkout;DE;2023-06-01T00:00:00+02:00;2023-06-01T01:00:00+02:00;1,5",
        "checkout;aws:eu-west-3;2023-06-01T10:00:00Z;2023-06-01T11:30:00Z;2.345,25",
        "");

    [Fact]
    public async Task Import_SemicolonCsvWithDecimalCommaAndNumberFormat_StoredAsWritten()
    {
        using var client = await TenantAsync();
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/checkout", new { wh_per_unit = 0.5 }, HttpStatusCode.Created);

        var (status, body) = await UploadAsync(client, Encoding.UTF8.GetBytes(SemicolonDecimalComma), "workloads.csv", Import, ("number_format", "1.234,5"));

        Assert.True(status == HttpStatusCode.Created, body.ToString());
        Assert.Equal(2, body.GetProperty("created").GetInt32());
        Assert.Equal(2, body.GetProperty("ids").GetArrayLength());
        Assert.Equal(";", body.GetProperty("layout").GetProperty("delimiter").GetString());
        var records = (await SendAsync(client, HttpMethod.Get, AllRecords, null, HttpStatusCode.OK)).GetProperty("records");
        Assert.Equal([1.5, 2345.25], records.EnumerateArray().Select(r => r.GetProperty("measured_kwh").GetDouble()));
        Assert.Equal(("DE", "2023-05-31T22:00:00Z"), (records[0].GetProperty("zone").GetString(), records[0].GetProperty("from").GetString()));
        Assert.Equal(("FR", "aws:eu-west-3"), (records[1].GetProperty("zone").GetString(), records[1].GetProperty("region").GetString()));
    }

    [Fact]
    public async Task Import_DecimalCommaWithoutNumberFormat_RefusedWithTheOptionSuggested()
    {
        using var client = await TenantAsync();
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/checkout", new { wh_per_unit = 0.5 }, HttpStatusCode.Created);

        var (status, body) = await UploadAsync(client, Encoding.UTF8.GetBytes(SemicolonDecimalComma), "workloads.csv", Import);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var errors = body.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([(2L, "Energy kWh"), (3L, "Energy kWh")], errors.Select(e => (e.GetProperty("row").GetInt64(), e.GetProperty("column").GetString())));
        Assert.All(errors, e => Assert.Equal("ambiguous_number", e.GetProperty("code").GetString()));
        Assert.Contains("number_format=eu", errors[0].GetProperty("suggestions").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("number_format", errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await SendAsync(client, HttpMethod.Get, AllRecords, null, HttpStatusCode.OK)).GetProperty("records").GetArrayLength());
    }

    [Fact]
    public async Task Import_XlsxWithTypedNumbers_Stored()
    {
        using var client = await TenantAsync();
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/search", new { wh_per_unit = 0.25 }, HttpStatusCode.Created);
        var xlsx = XlsxFile.Create(
        [
            ["Workloads of June", null, null, null, null],
            ["service_name", "cloud_region", "from", "to", "count"],
            ["search", "gcp:europe-west3", "2023-06-01T00:00:00Z", "2023-06-01T01:00:00Z", 4000.0],
            [null, null, null, null, null],
            ["SEARCH", "FR", "2023-06-01T01:00:00Z", "2023-06-01T02:00:00Z", 1234.5],
        ]);

        var (status, body) = await UploadAsync(client, xlsx, "workloads.xlsx", Import);

        Assert.True(status == HttpStatusCode.Created, body.ToString());
        Assert.Equal(("xlsx", 2L), (body.GetProperty("layout").GetProperty("format").GetString(), body.GetProperty("layout").GetProperty("header_row").GetInt64()));
        var records = (await SendAsync(client, HttpMethod.Get, AllRecords, null, HttpStatusCode.OK)).GetProperty("records");
        Assert.Equal([4000.0, 1234.5], records.EnumerateArray().Select(r => r.GetProperty("requests").GetDouble()));
        Assert.Equal(["DE", "FR"], records.EnumerateArray().Select(r => r.GetProperty("zone").GetString()));
    }

    [Fact]
    public async Task Import_OneBadRowAmongGood_NothingStoredAndTheRowNamed()
    {
        using var client = await TenantAsync();
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/api", new { wh_per_unit = 0.2 }, HttpStatusCode.Created);
        var csv = string.Join("\n",
            "service,region,start,end,requests",
            "api,DE,2023-06-01T00:00:00Z,2023-06-01T01:00:00Z,10",
            "api,FR,2023-06-01T00:00:00Z,2023-06-01T01:00:00Z,20",
            "",
            "api,Frankfurt,2023-06-01T02:00:00,2023-06-01T03:00:00Z,30",
            "api,DE,2023-06-01T03:00:00Z,2023-06-01T04:00:00Z,40");

        var (status, body) = await UploadAsync(client, Encoding.UTF8.GetBytes(csv), "workloads.csv", Import);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("invalid_rows", body.GetProperty("code").GetString());
        var errors = body.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([(5L, "region", "unknown_zone"), (5L, "start", "missing_offset")],
            errors.Select(e => (e.GetProperty("row").GetInt64(), e.GetProperty("column").GetString(), e.GetProperty("code").GetString())));
        Assert.Contains("2023-06-01T02:00:00Z", errors[1].GetProperty("suggestions").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("1 of 4 rows", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await SendAsync(client, HttpMethod.Get, AllRecords, null, HttpStatusCode.OK)).GetProperty("records").GetArrayLength());
    }

    [Fact]
    public async Task Import_UnknownService_CloseNamesSuggested()
    {
        using var client = await TenantAsync();
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/checkout", new { wh_per_unit = 0.5 }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/reporting", new { wh_per_unit = 0.5 }, HttpStatusCode.Created);

        var (status, body) = await UploadAsync(client, Encoding.UTF8.GetBytes("service,region,start,end,requests\ncheckuot,DE,2023-06-01T00:00:00Z,2023-06-01T01:00:00Z,10\n"),
            "workloads.csv", Import);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(("unknown_service", "service", 2L), (error.GetProperty("code").GetString(), error.GetProperty("column").GetString(), error.GetProperty("row").GetInt64()));
        Assert.Equal(["checkout"], error.GetProperty("suggestions").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Import_SecondTenant_CannotUseTheFirstsServiceNorLearnItsName()
    {
        using var first = await TenantAsync();
        using var second = await TenantAsync();
        await SendAsync(first, HttpMethod.Put, "/api/v1/workloads/services/secret-import", new { wh_per_unit = 1 }, HttpStatusCode.Created);
        var csv = Encoding.UTF8.GetBytes("service,region,start,end,requests\nsecret-import,FR,2023-06-01T00:00:00Z,2023-06-01T01:00:00Z,1000\n");

        var (status, body) = await UploadAsync(second, csv, "workloads.csv", Import);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("unknown_service", error.GetProperty("code").GetString());
        Assert.Equal(0, error.GetProperty("suggestions").GetArrayLength());
        Assert.Equal(0, (await SendAsync(first, HttpMethod.Get, AllRecords, null, HttpStatusCode.OK)).GetProperty("records").GetArrayLength());
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(first, csv, "workloads.csv", Import)).Status);
        Assert.Equal(0, (await SendAsync(second, HttpMethod.Get, AllRecords, null, HttpStatusCode.OK)).GetProperty("records").GetArrayLength());
    }

    [Fact]
    public async Task Import_DryRun_ReportsAndStoresNothing()
    {
        using var client = await TenantAsync();
        await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/checkout", new { wh_per_unit = 0.5 }, HttpStatusCode.Created);

        var (status, body) = await UploadAsync(client, Encoding.UTF8.GetBytes(SemicolonDecimalComma), "workloads.csv", Import + "?dry_run=true&number_format=eu");

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal((true, 2, 0), (body.GetProperty("dry_run").GetBoolean(), body.GetProperty("rows").GetInt32(), body.GetProperty("created").GetInt32()));
        Assert.Equal(0, (await SendAsync(client, HttpMethod.Get, AllRecords, null, HttpStatusCode.OK)).GetProperty("records").GetArrayLength());
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(client, Encoding.UTF8.GetBytes(SemicolonDecimalComma), "workloads.csv", Import + "?dry_run=false&number_format=eu")).Status);
        Assert.Equal(2, (await SendAsync(client, HttpMethod.Get, AllRecords, null, HttpStatusCode.OK)).GetProperty("records").GetArrayLength());
    }

    [Fact]
    public async Task Import_SameRecordsAsJson_SameEmissions()
    {
        using var json = await TenantAsync();
        using var file = await TenantAsync();
        foreach (var client in new[] { json, file })
        {
            await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/checkout", new { wh_per_unit = 0.5, pue = 1.2, embodied_share = 0.1 }, HttpStatusCode.Created);
            await SendAsync(client, HttpMethod.Put, "/api/v1/workloads/services/etl", new { ledger = "scope2" }, HttpStatusCode.Created);
        }

        await SendAsync(json, HttpMethod.Post, "/api/v1/workloads/records/batch", new
        {
            items = new object[]
            {
                new { service = "checkout", region = "gcp:europe-west3", from = "2023-06-01T10:30:00Z", to = "2023-06-01T12:30:00Z", requests = 1_000_000 },
                new { service = "etl", region = "FR", from = "2023-06-01T00:00:00+02:00", to = "2023-06-01T03:00:00+02:00", measured_kwh = 12.5 },
                new { service = "checkout", region = "DE", from = "2023-06-02T00:00:00Z", to = "2023-06-02T01:00:00Z", requests = 2500.5 },
            },
        }, HttpStatusCode.Created);
        var csv = string.Join("\n",
            "service,region,start,end,requests,kwh,note",
            "checkout,gcp:europe-west3,2023-06-01T10:30:00Z,2023-06-01T12:30:00Z,1000000,,peak",
            "etl,FR,2023-06-01T00:00:00+02:00,2023-06-01T03:00:00+02:00,,12.5,",
            "checkout,DE,2023-06-02T00:00:00Z,2023-06-02T01:00:00Z,2500.5,,");
        var (status, body) = await UploadAsync(file, Encoding.UTF8.GetBytes(csv), "workloads.csv", Import);
        Assert.True(status == HttpStatusCode.Created, body.ToString());
        Assert.Equal(["note"], body.GetProperty("ignored_columns").EnumerateArray().Select(c => c.GetString()));

        const string Emissions = "/api/v1/workloads/emissions?from=2023-06-01T00:00:00Z&to=2023-06-03T00:00:00Z&group_by=service";
        var expected = await SendAsync(json, HttpMethod.Get, Emissions, null, HttpStatusCode.OK);
        var actual = await SendAsync(file, HttpMethod.Get, Emissions, null, HttpStatusCode.OK);
        Assert.Equal(3, actual.GetProperty("records").GetInt32());
        Assert.True(expected.GetProperty("total").GetProperty("kgco2e").GetDouble() > 0);
        AssertSame(expected.GetProperty("groups"), actual.GetProperty("groups"), "groups");
        AssertSame(expected.GetProperty("total"), actual.GetProperty("total"), "total");
    }

    /// <summary>The same JSON, numbers equal to 1e-12 relative (sums may run in another record order).</summary>
    private static void AssertSame(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {expected.ValueKind} vs {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(expected.EnumerateObject().Select(p => p.Name), actual.EnumerateObject().Select(p => p.Name));
                foreach (var property in expected.EnumerateObject())
                {
                    AssertSame(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    AssertSame(expected[i], actual[i], $"{path}[{i}]");
                }

                break;
            case JsonValueKind.Number:
                var (e, a) = (expected.GetDouble(), actual.GetDouble());
                Assert.True(Math.Abs(e - a) <= 1e-12 * Math.Max(1, Math.Abs(e)), $"{path}: {e} vs {a}");
                break;
            default:
                Assert.Equal(expected.GetRawText(), actual.GetRawText());
                break;
        }
    }

    private async Task<HttpClient> TenantAsync()
    {
        var (_, token) = await fixture.Service.CreateTenantAsync("wi" + Guid.NewGuid().ToString("N")[..10]);
        return fixture.Service.Client(token);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(HttpClient client, byte[] file, string name, string path, params (string Name, string Value)[] fields)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", name);
        foreach (var (field, value) in fields)
        {
            form.Add(new StringContent(value), field);
        }

        using var response = await client.PostAsync(path, form, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
