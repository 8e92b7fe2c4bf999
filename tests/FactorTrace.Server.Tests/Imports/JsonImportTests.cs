using System.Net;
using System.Text;
using System.Text.Json;
using static FactorTrace.Server.Tests.Imports.ImportClient;

namespace FactorTrace.Server.Tests.Imports;

/// <summary>JSON and JSON Lines through the real service: upload, preview, errors, commit, and structured refusals.</summary>
public abstract class JsonImportTests(ServiceInstance service)
{
    private readonly ServiceInstance _service = service;

    [Fact]
    public async Task UploadCommit_JsonRecordsInDataProperty_StoredLikeCsv()
    {
        using var client = await TenantClientAsync("json");
        const string file = """
            {"generated":"2025-01-05","data":[
              {"date":"2024-03-15","description":"Diesel","quantity":1234.56,"unit":"litres","site":"Leeds"},
              {"date":"2024-03-31","description":"Natural gas","quantity":"100","unit":"m³","site":"York","extra":{"note":"late key"}},
              {"date":"2024-04-01","description":"Diesel","quantity":"NaN","unit":"L","site":"Leeds"}
            ]}
            """;
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(file), "fleet.json");
        var id = import.GetProperty("id").GetString()!;

        var layout = import.GetProperty("layout");
        Assert.Equal("json", layout.GetProperty("format").GetString());
        Assert.Equal(JsonValueKind.Null, layout.GetProperty("delimiter").ValueKind);
        Assert.Contains(layout.GetProperty("headers").EnumerateArray(), h => h.GetString() == "extra.note");
        var summary = import.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("rows").GetInt64());
        Assert.Equal(2, summary.GetProperty("valid").GetInt64());
        Assert.Equal(1, summary.GetProperty("invalid").GetInt64());
        Assert.Equal("quantity", Fields(import)["amount"].GetProperty("header").GetString());
        var preview = import.GetProperty("preview").EnumerateArray().ToList();
        Assert.Equal(1, preview[0].GetProperty("row").GetInt64());
        Assert.Equal(1234.56, preview[0].GetProperty("record").GetProperty("amount").GetDouble(), 1e-9);

        var errors = await OkAsync(client, HttpMethod.Get, $"/api/v1/imports/{id}/errors");
        Assert.Contains(errors.GetProperty("issues").EnumerateArray(), e => e.GetProperty("row").GetInt64() == 3 && e.GetProperty("code").GetString() == "not_a_number");

        var commit = await OkAsync(client, HttpMethod.Post, $"/api/v1/imports/{id}/commit");
        Assert.Equal(2, commit.GetProperty("stored").GetInt64());
        var records = await RecordsAsync(client, id);
        Assert.Equal(2, records.Count);
        Assert.Contains(records, r => r.GetProperty("amount").GetDouble() == 1234.56 && r.GetProperty("unit").GetString() == "L" && r.GetProperty("site").GetString() == "Leeds");
        Assert.Contains(records, r => r.GetProperty("amount").GetDouble() == 100 && r.GetProperty("unit").GetString() == "m3");
    }

    [Fact]
    public async Task UploadCommit_JsonLines_Stored()
    {
        using var client = await TenantClientAsync("jsonl");
        var file = "{\"date\":\"2024-01-05\",\"description\":\"Diesel\",\"litres\":12.5}\n\n{\"date\":\"2024-01-06\",\"description\":\"Diesel\",\"litres\":7,\"site\":\"Hull\"}\n";
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(file), "fleet.txt");
        var id = import.GetProperty("id").GetString()!;

        Assert.Equal("jsonl", import.GetProperty("layout").GetProperty("format").GetString());
        var mapped = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new { defaults = new { unit = "L" } });
        Assert.Equal(2, mapped.GetProperty("summary").GetProperty("valid").GetInt64());
        var commit = await OkAsync(client, HttpMethod.Post, $"/api/v1/imports/{id}/commit");

        Assert.Equal(2, commit.GetProperty("stored").GetInt64());
        var records = await RecordsAsync(client, id);
        Assert.Contains(records, r => r.GetProperty("amount").GetDouble() == 7 && r.GetProperty("site").GetString() == "Hull");
    }

    [Theory]
    [InlineData("[{\"a\":1},{\"a\":", "file_corrupt")]
    [InlineData("[{\"a\":1},{\"a\":[1,2]}]", "unsupported_structure")]
    public async Task Upload_BadJson_StructuredProblem(string file, string code)
    {
        using var client = await TenantClientAsync("badjson");

        var (status, problem) = await UploadAsync(client, Encoding.UTF8.GetBytes(file), "bad.json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Contains("Record 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> TenantClientAsync(string prefix)
    {
        var (_, token) = await _service.CreateTenantAsync($"{prefix}-{Guid.NewGuid():N}"[..20]);
        return _service.Client(token);
    }
}

/// <summary>On the embedded default.</summary>
public sealed class SqliteJsonImportTests(SqliteServiceFixture fixture) : JsonImportTests(fixture.Service), IClassFixture<SqliteServiceFixture>;

/// <summary>On PostgreSQL as the application role under row-level security.</summary>
public sealed class PostgresJsonImportTests(PostgresRlsOnlyFixture fixture) : JsonImportTests(fixture.Service), IClassFixture<PostgresRlsOnlyFixture>;
