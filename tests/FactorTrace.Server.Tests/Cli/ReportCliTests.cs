using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace FactorTrace.Server.Tests.Cli;

/// <summary>
/// <c>factortrace report esrs-e1</c> on the service's database: the same report path as the API (recorded, listed by the
/// API with the same hashes), every file written, and bad input refused with exit code 2 and what to do.
/// </summary>
public sealed class ReportCliTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReportEsrsE1_WritesEveryFormat_RecordedAsTheApiRecordsIt()
    {
        var slug = "rc-" + Guid.NewGuid().ToString("N")[..8];
        var (_, token) = await fixture.Service.CreateTenantAsync(slug);
        using var client = fixture.Service.Client(token);
        await SendAsync(client, HttpMethod.Put, "/api/v1/settings", new { lei = "529900T8BM49AURSDO55" });
        await SendAsync(client, HttpMethod.Post, "/api/v1/activities", new { activity_id = "fuel.diesel", amount = 1000, unit = "L", date = "2024-03-01", region = "GB" });
        var environment = new Dictionary<string, string> { ["FactorTrace__DataDirectory"] = fixture.Service.DataDirectory };
        var output = Directory.CreateTempSubdirectory("factortrace-report-");
        try
        {
            string[] report = ["report", "esrs-e1", "--from", "2024-01-01", "--to", "2024-12-31", "--tenant", slug, "--out", output.FullName];
            var (noRun, _, noRunError) = await CliProcess.RunAsync(report, environment);
            Assert.Equal(2, noRun);
            Assert.Contains("factortrace calculate --from 2024-01-01 --to 2024-12-31", noRunError, StringComparison.Ordinal);

            await SendAsync(client, HttpMethod.Post, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" });
            var (noRevenue, _, noRevenueError) = await CliProcess.RunAsync(report, environment);
            Assert.Equal(2, noRevenue);
            Assert.Contains("net_revenue", noRevenueError, StringComparison.Ordinal);
            var (comma, _, commaError) = await CliProcess.RunAsync([.. report, "--net-revenue", "2500000,5", "--currency", "EUR"], environment);
            Assert.Equal(2, comma);
            Assert.Contains("2500000,5", commaError, StringComparison.Ordinal);

            var (exit, stdout, stderr) = await CliProcess.RunAsync([.. report, "--net-revenue", "2500000", "--currency", "EUR"], environment);
            Assert.True(exit == 0, $"exit {exit}: {stdout} {stderr}");
            var files = output.GetFiles().ToDictionary(f => f.Extension.TrimStart('.'));
            Assert.Equal(["csv", "html", "json", "pdf", "xhtml"], files.Keys.Order(StringComparer.Ordinal));
            Assert.StartsWith("%PDF-", await File.ReadAllTextAsync(files["pdf"].FullName, Ct), StringComparison.Ordinal);

            var listed = (await SendAsync(client, HttpMethod.Get, "/api/v1/reports", null)).GetProperty("items").EnumerateArray().Single();
            Assert.Equal("completed", listed.GetProperty("status").GetString());
            Assert.StartsWith("cli:", listed.GetProperty("actor").GetString(), StringComparison.Ordinal);
            foreach (var file in listed.GetProperty("files").EnumerateArray())
            {
                var onDisk = await File.ReadAllBytesAsync(files[file.GetProperty("kind").GetString()!].FullName, Ct);
                Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(onDisk)));
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
