using FactorTrace.Server.Hosting;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tests.Erp;

/// <summary>The ERP settings are validated at start-up, each message naming its setting.</summary>
public sealed class ErpSettingsTests
{
    [Fact]
    public async Task Start_BadErpSettings_FailsNamingEach()
    {
        var app = ServiceHost.Build(
        [
            "--FactorTrace:DataDirectory=" + Directory.CreateTempSubdirectory("ft-erp-bad-").FullName,
            "--FactorTrace:Datasets:Path=" + TestEnvironment.DatasetsPath,
            "--FactorTrace:Erp:CredentialsKey=c2hvcnQ=",
            "--FactorTrace:Erp:Timeout=00:00:00",
            "--FactorTrace:Erp:MaxConnections=0",
            "--FactorTrace:Erp:PollInterval=00:00:00",
            "--urls=http://127.0.0.1:0",
        ]);
        await using (app)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(TestContext.Current.CancellationToken));
            var failures = error is AggregateException all ? all.InnerExceptions.OfType<OptionsValidationException>() : [Assert.IsType<OptionsValidationException>(error)];
            var message = string.Join("\n", failures.SelectMany(f => f.Failures));
            Assert.Contains("FactorTrace:Erp:CredentialsKey must be the base64 of exactly 32 random bytes", message, StringComparison.Ordinal);
            Assert.Contains("FactorTrace:Erp:Timeout must be between 100 ms and 10 minutes", message, StringComparison.Ordinal);
            Assert.Contains("FactorTrace:Erp:MaxConnections must be 1–64 (is 0)", message, StringComparison.Ordinal);
            Assert.Contains("FactorTrace:Erp:PollInterval must be between 1 second and 1 hour", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NoCredentialsKey_ConnectionWithCredentialsRefused_WithoutWorks()
    {
        await using var service = await ServiceInstance.StartAsync(new Dictionary<string, string> { ["FactorTrace:Erp:SchedulerEnabled"] = "false" });
        using var client = service.Client(await service.TokenAsync());
        object body = new
        {
            name = $"nokey-{Guid.NewGuid():N}"[..12],
            kind = "odata",
            base_url = "http://127.0.0.1:9/odata",
            entity = "SupplierInvoiceItem",
            mapping = ErpImportTests.ODataMapping,
            credentials = new { token = "abc" },
        };
        var refused = await ApiCalls.SendAsync(client, HttpMethod.Post, "/api/v1/erp/connections", body, System.Net.HttpStatusCode.Conflict);
        Assert.Equal("credentials_key_missing", refused.GetProperty("code").GetString());
        Assert.Contains("FactorTrace:Erp:CredentialsKey", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var without = new
        {
            name = $"nokey-{Guid.NewGuid():N}"[..12],
            kind = "odata",
            base_url = "http://127.0.0.1:9/odata",
            entity = "SupplierInvoiceItem",
            mapping = ErpImportTests.ODataMapping,
        };
        var created = await ApiCalls.SendAsync(client, HttpMethod.Post, "/api/v1/erp/connections", without, System.Net.HttpStatusCode.Created);
        Assert.False(created.GetProperty("has_credentials").GetBoolean());
    }
}
