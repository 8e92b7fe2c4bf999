using System.Net;
using System.Text;
using System.Text.Json;
using static FactorTrace.Server.Tests.Imports.ImportClient;

namespace FactorTrace.Server.Tests.Ledger;

/// <summary>
/// Scope 1 source types on records (API and importer), results and the summary; biogenic CO2 stored on each result row
/// and kept out of Scope 1 (DESNZ 2024 wood logs: 1,436.23 kg biogenic CO2 per tonne, "Outside of Scopes"; diesel's
/// biofuel share 0.16 kg per litre).
/// </summary>
public abstract class Scope1SourceTests(ServiceInstance service)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ServiceInstance _service = service;

    [Theory]
    [InlineData("{\"scope\":\"1\",\"category\":\"Mobile combustion\"}", "mobile-combustion")]
    [InlineData("{\"category\":\"fugitive emissions\"}", "fugitive")]
    [InlineData("{\"scope\":\"1\",\"scope1_source\":\"stationary\"}", "stationary-combustion")]
    [InlineData("{\"scope1_source\":\"Process emissions\"}", "process")]
    public async Task CreateActivity_Scope1SourceInCategoryOrField_StoredNormalizedAndReturned(string extra, string expected)
    {
        using var client = await TenantClientAsync("s1src");
        var body = "{\"activity_id\":\"fuel.diesel\",\"amount\":5,\"unit\":\"L\",\"date\":\"2024-01-01\"," + extra[1..];

        var created = await SendJsonAsync(client, HttpMethod.Post, "/api/v1/activities", body, HttpStatusCode.Created);
        var read = await SendJsonAsync(client, HttpMethod.Get, $"/api/v1/activities/{created.GetProperty("id").GetString()}", null, HttpStatusCode.OK);

        Assert.Equal(expected, created.GetProperty("scope1_source").GetString());
        Assert.Equal(expected, read.GetProperty("scope1_source").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("category").ValueKind);
    }

    [Theory]
    [InlineData("{\"scope\":\"2\",\"scope1_source\":\"process\"}", "scope1_source")]
    [InlineData("{\"scope\":\"3\",\"category\":\"mobile combustion\"}", "category")]
    [InlineData("{\"scope\":\"1\",\"scope1_source\":\"volcanic\"}", "scope1_source")]
    public async Task CreateActivity_Scope1SourceOnOtherScopeOrUnknown_422WithSuggestion(string extra, string field)
    {
        using var client = await TenantClientAsync("s1bad");
        var body = "{\"activity_id\":\"fuel.diesel\",\"amount\":5,\"unit\":\"L\",\"date\":\"2024-01-01\"," + extra[1..];

        var problem = await SendJsonAsync(client, HttpMethod.Post, "/api/v1/activities", body, HttpStatusCode.UnprocessableEntity);

        Assert.Equal("invalid_value", problem.GetProperty("code").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.NotEmpty(problem.GetProperty("suggestions").EnumerateArray());
    }

    [Fact]
    public async Task ReplaceActivity_Scope1SourceChanged_Stored()
    {
        using var client = await TenantClientAsync("s1put");
        var created = await SendJsonAsync(client, HttpMethod.Post, "/api/v1/activities",
            "{\"activity_id\":\"fuel.diesel\",\"amount\":5,\"unit\":\"L\",\"date\":\"2024-01-01\",\"scope1_source\":\"mobile\"}", HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();

        var replaced = await SendJsonAsync(client, HttpMethod.Put, $"/api/v1/activities/{id}",
            "{\"activity_id\":\"fuel.diesel\",\"amount\":5,\"unit\":\"L\",\"date\":\"2024-01-01\",\"scope1_source\":\"fugitive\"}", HttpStatusCode.OK);

        Assert.Equal("fugitive", replaced.GetProperty("scope1_source").GetString());
    }

    [Fact]
    public async Task Import_CategoryColumnWithScope1Sources_StoredAsSourceType_OnAScope3RowAWarningAndLeftEmpty()
    {
        using var client = await TenantClientAsync("s1imp");
        var csv = "Date,Description,Quantity,Unit,Scope,Category\n" +
            "2024-03-01,Diesel,100,L,1,Mobile combustion\n" +
            "2024-03-02,Natural gas,50,m3,Scope 1,stationary\n" +
            "2024-03-03,Diesel,10,L,3,fugitive emissions\n" +
            "2024-03-04,Diesel,10,L,3,Business travel\n";
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(csv), "scope1.csv");
        var id = import.GetProperty("id").GetString()!;

        var errors = await OkAsync(client, HttpMethod.Get, $"/api/v1/imports/{id}/errors");
        // The category is optional: on a Scope 3 row a source type is a warning on the cell, and the row is kept without it.
        Assert.DoesNotContain(errors.GetProperty("issues").EnumerateArray(), e => e.GetProperty("severity").GetString() == "error");
        var warning = Assert.Single(errors.GetProperty("issues").EnumerateArray(), e => e.GetProperty("column").GetString() == "Category");
        Assert.Equal((4L, "warning"), (warning.GetProperty("row").GetInt64(), warning.GetProperty("severity").GetString()));
        Assert.Contains("Scope 1 source type", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, import.GetProperty("summary").GetProperty("valid").GetInt64());

        await OkAsync(client, HttpMethod.Post, $"/api/v1/imports/{id}/commit");
        var records = await RecordsAsync(client, id);
        Assert.Contains(records, r => r.GetProperty("amount").GetDouble() == 100 && r.GetProperty("scope1_source").GetString() == "mobile-combustion");
        Assert.Contains(records, r => r.GetProperty("amount").GetDouble() == 50 && r.GetProperty("scope1_source").GetString() == "stationary-combustion");
        Assert.Contains(records, r => r.GetProperty("category").GetString() == "3.6" && r.GetProperty("scope1_source").ValueKind == JsonValueKind.Null);
        Assert.Contains(records, r => r.GetProperty("date").GetString() == "2024-03-03" && r.GetProperty("category").ValueKind == JsonValueKind.Null
            && r.GetProperty("scope1_source").ValueKind == JsonValueKind.Null);
        var export = await CsvAsync(client, $"/api/v1/imports/{id}/records");
        Assert.Contains("scope,category,scope1_source,", export, StringComparison.Ordinal);
        Assert.Contains(",1,,mobile-combustion,", export, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calculate_WoodLogsAndDiesel_BiogenicStoredPerRowOutOfScope1_Scope1BySource()
    {
        using var client = await TenantClientAsync("s1calc");
        var items = new object[]
        {
            new { activity_id = "fuel.wood.logs", amount = 2, unit = "t", date = "2024-03-01", region = "GB", scope = "1", category = "stationary combustion" },
            new { activity_id = "fuel.diesel", amount = 100, unit = "L", date = "2024-03-02", region = "GB", scope1_source = "mobile" },
            new { activity_id = "fuel.natural-gas", amount = 10, unit = "m3", date = "2024-03-03", region = "GB" },
        };
        await SendJsonAsync(client, HttpMethod.Post, "/api/v1/activities/batch", JsonSerializer.Serialize(new { items }), HttpStatusCode.Created);
        await SendJsonAsync(client, HttpMethod.Post, "/api/v1/calculations", "{\"from\":\"2024-01-01\",\"to\":\"2024-12-31\"}", HttpStatusCode.Created);

        var results = (await SendJsonAsync(client, HttpMethod.Get, "/api/v1/emissions/records?from=2024-01-01&to=2024-12-31", null, HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().ToList();
        var wood = results.Single(r => r.GetProperty("unit").GetString() == "t");
        var diesel = results.Single(r => r.GetProperty("unit").GetString() == "L");
        var gas = results.Single(r => r.GetProperty("unit").GetString() == "m3");
        Assert.Equal(2 * 1436.23, wood.GetProperty("biogenic_co2_kg").GetDouble(), 1e-6);
        Assert.Equal(100 * 0.16, diesel.GetProperty("biogenic_co2_kg").GetDouble(), 1e-6);
        Assert.Equal(0, gas.GetProperty("biogenic_co2_kg").GetDouble());
        Assert.Equal("stationary-combustion", wood.GetProperty("scope1_source").GetString());
        Assert.Equal("mobile-combustion", diesel.GetProperty("scope1_source").GetString());
        // The wood's CO2e is its CH4 and N2O only: the biogenic CO2 is outside the scopes.
        Assert.True(wood.GetProperty("kgco2e").GetDouble() < 200, $"{wood.GetProperty("kgco2e").GetDouble()}");

        var summary = await SendJsonAsync(client, HttpMethod.Get, "/api/v1/emissions/summary?from=2024-01-01&to=2024-12-31&group_by=scope", null, HttpStatusCode.OK);
        var scope1 = summary.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == "1").GetProperty("kgco2e").GetDouble();
        var rowsTotal = results.Sum(r => r.GetProperty("kgco2e").GetDouble());
        Assert.Equal(rowsTotal, scope1, 1e-6);
        Assert.Equal((2 * 1436.23) + (100 * 0.16), summary.GetProperty("biogenic_co2_kg").GetDouble(), 1e-6);
        var bySource = summary.GetProperty("scope1_by_source").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("kgco2e").GetDouble());
        Assert.Equal(wood.GetProperty("kgco2e").GetDouble(), bySource["stationary-combustion"], 1e-6);
        Assert.Equal(diesel.GetProperty("kgco2e").GetDouble(), bySource["mobile-combustion"], 1e-6);
        Assert.Equal(gas.GetProperty("kgco2e").GetDouble(), bySource["(none)"], 1e-6);
        Assert.Equal(scope1, bySource.Values.Sum(), 1e-6);
    }

    private async Task<HttpClient> TenantClientAsync(string prefix)
    {
        var (_, token) = await _service.CreateTenantAsync($"{prefix}-{Guid.NewGuid():N}"[..20]);
        return _service.Client(token);
    }

    private static async Task<JsonElement> SendJsonAsync(HttpClient client, HttpMethod method, string path, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"{path}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>On the embedded default.</summary>
public sealed class SqliteScope1SourceTests(SqliteServiceFixture fixture) : Scope1SourceTests(fixture.Service), IClassFixture<SqliteServiceFixture>;

/// <summary>On PostgreSQL as the application role under row-level security (results written through unnest, records through COPY).</summary>
public sealed class PostgresScope1SourceTests(PostgresRlsOnlyFixture fixture) : Scope1SourceTests(fixture.Service), IClassFixture<PostgresRlsOnlyFixture>;
