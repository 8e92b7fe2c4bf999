using System.Net;
using System.Text;
using System.Text.Json;
using FactorTrace.Data;
using FactorTrace.Server.Erp;
using FactorTrace.Server.Tests.Doubles;
using Microsoft.EntityFrameworkCore;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.Erp;

/// <summary>
/// ERP spend import against a real OData v4 server on 127.0.0.1 (<see cref="ODataServer"/>), on SQLite and on PostgreSQL
/// with only row-level security between tenants: thousands of lines across pages all stored; a page failing midway stores
/// nothing and the next pull succeeds; a changed line pulled again updates its record; the server down opens the
/// connection's breaker (health, metrics) while the last good pull's data stays; credentials are encrypted and never
/// returned; a REST/JSON connection read through its mapping; scheduled slots run once; another tenant sees nothing.
/// </summary>
public abstract class ErpImportTests
{
    internal const string Key = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80="; // 32 bytes

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<ServiceInstance> StartAsync(Dictionary<string, string> settings);

    private Task<ServiceInstance> StartAsync(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["FactorTrace:Erp:CredentialsKey"] = Key,
            ["FactorTrace:Erp:SchedulerEnabled"] = "false",
            ["FactorTrace:Erp:MaxRetries"] = "0",
            ["FactorTrace:Erp:PageSize"] = "1000",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return StartAsync(settings);
    }

    internal static object ODataMapping => new
    {
        document_id = "SupplierInvoice",
        line_id = "SupplierInvoiceItem",
        changed_at = "ChangedAt",
        date = "PostingDate",
        description = "SupplierInvoiceItemText",
        supplier = "SupplierName",
        spend = "NetAmount",
        currency = "DocumentCurrency",
    };

    internal static async Task<JsonElement> CreateODataAsync(HttpClient client, ODataServer erp, string name = "sap-invoices", object? credentials = null, int schedule = 0) =>
        await SendAsync(client, HttpMethod.Post, "/api/v1/erp/connections", new
        {
            name,
            kind = "odata",
            base_url = erp.BaseUrl,
            entity = "SupplierInvoiceItem",
            mapping = ODataMapping,
            schedule_minutes = schedule,
            credentials,
        }, HttpStatusCode.Created);

    internal static Task<JsonElement> PullAsync(HttpClient client, string id) => SendAsync(client, HttpMethod.Post, $"/api/v1/erp/connections/{id}/pull", null, HttpStatusCode.OK);

    internal static async Task<List<JsonElement>> RecordsAsync(HttpClient client)
    {
        var all = new List<JsonElement>();
        for (var offset = 0; ; offset += 1000)
        {
            var page = await SendAsync(client, HttpMethod.Get, $"/api/v1/activities?limit=1000&offset={offset}", null, HttpStatusCode.OK);
            all.AddRange(page.GetProperty("items").EnumerateArray());
            if (all.Count >= page.GetProperty("total").GetInt32())
            {
                return all;
            }
        }
    }

    [Fact]
    public async Task Pull_ThousandsOfLinesAcrossPages_AllStored_ChangedLineUpdatesItsRecord()
    {
        await using var erp = await ODataServer.StartAsync();
        erp.AddInvoices(1050, 3); // 3,150 lines
        erp.PageSize = 400;
        await using var service = await StartAsync();
        var (_, token) = await service.CreateTenantAsync($"erp-{Guid.NewGuid():N}"[..16]);
        using var client = service.Client(token);
        var id = (await CreateODataAsync(client, erp)).GetProperty("id").GetString()!;

        var first = await PullAsync(client, id);
        Assert.True(first.GetProperty("status").GetString() == "succeeded", first.ToString());
        Assert.Equal((8, 3150, 3150, 0), (first.GetProperty("pages").GetInt32(), first.GetProperty("fetched").GetInt32(), first.GetProperty("created").GetInt32(), first.GetProperty("updated").GetInt32()));
        Assert.Equal(0, first.GetProperty("invalid").GetInt32());
        Assert.Contains("$select=", erp.Seen[0], StringComparison.Ordinal);
        Assert.DoesNotContain("$filter", erp.Seen[0], StringComparison.Ordinal);
        Assert.Contains("$skiptoken=2800", erp.Seen[7], StringComparison.Ordinal);

        var records = await RecordsAsync(client);
        Assert.Equal(3150, records.Count);
        var (invoice, item) = erp.KeyAt(1234);
        var record = records.Single(r => r.GetProperty("notes").GetString() == $"ERP sap-invoices: document {invoice} line {item}");
        Assert.Equal("EUR", record.GetProperty("currency").GetString());
        var diesel = records.First(r => r.GetProperty("description").GetString() == "Diesel fuel");
        Assert.Equal("fuel.diesel", diesel.GetProperty("activity_id").GetString());
        Assert.StartsWith("local ", diesel.GetProperty("classified_by").GetString(), StringComparison.Ordinal);

        erp.Change(invoice, item, 9999.5m);
        var second = await PullAsync(client, id);
        Assert.Equal("succeeded", second.GetProperty("status").GetString());
        Assert.Contains("$filter=ChangedAt ge 2026-01-01T00:52:30Z", erp.Seen[8], StringComparison.Ordinal);
        Assert.Equal((1, 0), (second.GetProperty("updated").GetInt32(), second.GetProperty("created").GetInt32()));
        Assert.True(second.GetProperty("unchanged").GetInt32() >= 1); // the line at the watermark comes again, unchanged
        var after = await RecordsAsync(client);
        Assert.Equal(3150, after.Count);
        var changed = after.Single(r => r.GetProperty("id").GetString() == record.GetProperty("id").GetString());
        Assert.Equal(9999.5, changed.GetProperty("spend").GetDouble());

        var view = await SendAsync(client, HttpMethod.Get, $"/api/v1/erp/connections/{id}", null, HttpStatusCode.OK);
        Assert.Equal("succeeded", view.GetProperty("last_pull").GetProperty("status").GetString());
        Assert.StartsWith("2026-01-01T00:52:31", view.GetProperty("watermark").GetString(), StringComparison.Ordinal);
        var pulls = await SendAsync(client, HttpMethod.Get, $"/api/v1/erp/connections/{id}/pulls", null, HttpStatusCode.OK);
        Assert.Equal(2, pulls.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Pull_PageFailsMidway_NothingStored_ErrorVisible_NextPullStoresAll()
    {
        await using var erp = await ODataServer.StartAsync();
        erp.AddInvoices(500, 2);
        erp.PageSize = 250;
        erp.FailPage = 3;
        await using var service = await StartAsync();
        var (_, token) = await service.CreateTenantAsync($"erp-{Guid.NewGuid():N}"[..16]);
        using var client = service.Client(token);
        var id = (await CreateODataAsync(client, erp)).GetProperty("id").GetString()!;

        var failed = await PullAsync(client, id);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("Page 3", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("HTTP 500", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(await RecordsAsync(client));
        var view = await SendAsync(client, HttpMethod.Get, $"/api/v1/erp/connections/{id}", null, HttpStatusCode.OK);
        Assert.Equal("failed", view.GetProperty("last_pull").GetProperty("status").GetString());
        Assert.Contains("Page 3", view.GetProperty("last_pull").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("watermark").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("last_success").ValueKind);
        Assert.False(view.GetProperty("pulling").GetBoolean());
        await using (var db = service.Get<SystemDbFactory>().Create())
        {
            Assert.Equal(0, await db.ErpLines.IgnoreQueryFilters().CountAsync(l => l.ConnectionId == Guid.Parse(id), Ct));
        }

        erp.FailPage = null;
        var ok = await PullAsync(client, id);
        Assert.Equal(("succeeded", 1000), (ok.GetProperty("status").GetString(), ok.GetProperty("created").GetInt32()));
        Assert.Equal(1000, (await RecordsAsync(client)).Count);
        var pulls = await SendAsync(client, HttpMethod.Get, $"/api/v1/erp/connections/{id}/pulls", null, HttpStatusCode.OK);
        Assert.Equal(["succeeded", "failed"], pulls.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task ServerDown_BreakerOpens_InHealthAndMetrics_FailedPullsVisible_LastGoodPullKept()
    {
        var erp = await ODataServer.StartAsync();
        erp.AddInvoices(10, 2);
        await using var service = await StartAsync(("FactorTrace:Erp:MinimumThroughput", "2"), ("FactorTrace:Erp:Timeout", "00:00:02"));
        using var client = service.Client(await service.TokenAsync());
        var id = (await CreateODataAsync(client, erp, $"down-{Guid.NewGuid():N}"[..12])).GetProperty("id").GetString()!;
        var health = JsonDocument.Parse(await client.GetStringAsync("/health/ready", Ct)).RootElement;
        Assert.Equal("closed", Dependency(health, $"erp:{id}").GetProperty("breaker").GetString());

        Assert.Equal("succeeded", (await PullAsync(client, id)).GetProperty("status").GetString());
        var before = await RecordsAsync(client);
        await erp.StopAsync();
        await erp.DisposeAsync();

        var errors = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var pull = await PullAsync(client, id);
            Assert.Equal("failed", pull.GetProperty("status").GetString());
            errors.Add(pull.GetProperty("error").GetString()!);
        }

        Assert.Contains("breaker is open", errors[^1], StringComparison.Ordinal);
        var view = await SendAsync(client, HttpMethod.Get, $"/api/v1/erp/connections/{id}", null, HttpStatusCode.OK);
        Assert.Equal("open", view.GetProperty("dependency").GetProperty("breaker").GetString());
        Assert.Equal("failed", view.GetProperty("last_pull").GetProperty("status").GetString());
        Assert.Equal(20, view.GetProperty("last_success").GetProperty("lines").GetInt32());
        Assert.StartsWith("2026-01-01T00:00:20", view.GetProperty("watermark").GetString(), StringComparison.Ordinal);
        Assert.Equal(before.Count, (await RecordsAsync(client)).Count);

        health = JsonDocument.Parse(await client.GetStringAsync("/health/ready", Ct)).RootElement;
        Assert.Equal("open", Dependency(health, $"erp:{id}").GetProperty("breaker").GetString());
        var metrics = await client.GetStringAsync("/metrics", Ct);
        Assert.Contains($"erp:{id}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_SentToTheErp_EncryptedAtRest_NeverReturned()
    {
        await using var erp = await ODataServer.StartAsync();
        erp.AddInvoices(3, 1);
        const string password = "s3cret-Pa55word!";
        erp.RequiredAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"COMM_USER:{password}"));
        await using var service = await StartAsync();
        var (_, token) = await service.CreateTenantAsync($"erp-{Guid.NewGuid():N}"[..16]);
        using var client = service.Client(token);

        var created = await CreateODataAsync(client, erp, credentials: new { username = "COMM_USER", password });
        var id = created.GetProperty("id").GetString()!;
        Assert.True(created.GetProperty("has_credentials").GetBoolean());
        Assert.Equal("succeeded", (await PullAsync(client, id)).GetProperty("status").GetString());
        Assert.All(erp.Authorizations, a => Assert.Equal(erp.RequiredAuthorization, a));

        foreach (var url in new[] { "/api/v1/erp/connections", $"/api/v1/erp/connections/{id}", $"/api/v1/erp/connections/{id}/pulls" })
        {
            var text = await client.GetStringAsync(url, Ct);
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.DoesNotContain("COMM_USER", text, StringComparison.Ordinal);
        }

        await using (var db = service.Get<SystemDbFactory>().Create())
        {
            var blob = await db.ErpConnections.IgnoreQueryFilters().Where(c => c.Id == Guid.Parse(id)).Select(c => c.Credentials).SingleAsync(Ct);
            Assert.NotNull(blob);
            Assert.DoesNotContain(password, Encoding.UTF8.GetString(blob), StringComparison.Ordinal);
            Assert.DoesNotContain("COMM_USER", Encoding.UTF8.GetString(blob), StringComparison.Ordinal);
        }

        // Left out on update, they stay; a wrong password fails the pull with the ERP's refusal; cleared, none are sent.
        var renamed = await SendAsync(client, HttpMethod.Put, $"/api/v1/erp/connections/{id}", new { name = "renamed" }, HttpStatusCode.OK);
        Assert.True(renamed.GetProperty("has_credentials").GetBoolean());
        await SendAsync(client, HttpMethod.Put, $"/api/v1/erp/connections/{id}", new { credentials = new { username = "COMM_USER", password = "wrong" } }, HttpStatusCode.OK);
        var refused = await PullAsync(client, id);
        Assert.Equal("failed", refused.GetProperty("status").GetString());
        Assert.Contains("401", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
        var cleared = await SendAsync(client, HttpMethod.Put, $"/api/v1/erp/connections/{id}", new { clear_credentials = true }, HttpStatusCode.OK);
        Assert.False(cleared.GetProperty("has_credentials").GetBoolean());
        var bad = await SendAsync(client, HttpMethod.Put, $"/api/v1/erp/connections/{id}", new { credentials = new { username = "x" } }, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_credentials", bad.GetProperty("code").GetString());
    }

    [Fact]
    public async Task RestConnector_ReadThroughItsMapping_NestedFieldsEuropeanNumbersAndPaging()
    {
        await using var erp = await ODataServer.StartAsync();
        erp.AddInvoices(120, 1, n => n % 2 == 0 ? "Diesel fuel" : "Office paper");
        erp.Change("5100000007", "000010", 1234.5m);
        erp.PageSize = 50;
        await using var service = await StartAsync();
        var (_, token) = await service.CreateTenantAsync($"erp-{Guid.NewGuid():N}"[..16]);
        using var client = service.Client(token);
        var created = await SendAsync(client, HttpMethod.Post, "/api/v1/erp/connections", new
        {
            name = "rest-lines",
            kind = "rest",
            base_url = erp.BaseUrl[..erp.BaseUrl.IndexOf("/sap/", StringComparison.Ordinal)],
            entity = "rest/lines",
            mapping = new
            {
                document_id = "invoice.number",
                line_id = "invoice.line",
                changed_at = "modified",
                date = "booked",
                description = "text",
                supplier = "vendor",
                spend = "amount.value",
                currency = "amount.currency",
                items = "data.lines",
                next = "links.next",
                since_param = "modified_after",
            },
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;

        var pull = await PullAsync(client, id);
        Assert.True(pull.GetProperty("status").GetString() == "succeeded", pull.ToString());
        Assert.Equal((3, 120, 120), (pull.GetProperty("pages").GetInt32(), pull.GetProperty("fetched").GetInt32(), pull.GetProperty("created").GetInt32()));
        var records = await RecordsAsync(client);
        var changed = records.Single(r => r.GetProperty("notes").GetString() == "ERP rest-lines: document 5100000007 line 000010");
        Assert.Equal((1234.5, "EUR"), (changed.GetProperty("spend").GetDouble(), changed.GetProperty("currency").GetString()));

        erp.Change("5100000010", "000010", 7);
        var again = await PullAsync(client, id);
        Assert.Equal((1, 0), (again.GetProperty("updated").GetInt32(), again.GetProperty("created").GetInt32()));
        Assert.Contains("modified_after=2026-01-01T00:02:01Z", erp.Seen[^1], StringComparison.Ordinal);
        Assert.Equal(120, (await RecordsAsync(client)).Count);
    }

    [Fact]
    public async Task ScheduledSlot_RunsOnceWhateverTheConcurrentSchedulers_ThenMovesOn()
    {
        await using var erp = await ODataServer.StartAsync();
        erp.AddInvoices(50, 2);
        await using var service = await StartAsync();
        var (_, token) = await service.CreateTenantAsync($"erp-{Guid.NewGuid():N}"[..16]);
        using var client = service.Client(token);
        var created = await CreateODataAsync(client, erp, schedule: 60);
        var id = created.GetProperty("id").GetString()!;
        Assert.NotEqual(JsonValueKind.Null, created.GetProperty("next_pull_at").ValueKind);

        var worker = service.Get<ErpWorker>();
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => worker.RunDueAsync(Ct), Ct)));
        Assert.Equal(1, runs.Sum());
        var pulls = await SendAsync(client, HttpMethod.Get, $"/api/v1/erp/connections/{id}/pulls", null, HttpStatusCode.OK);
        var only = Assert.Single(pulls.GetProperty("items").EnumerateArray());
        Assert.Equal(("schedule", "succeeded"), (only.GetProperty("trigger").GetString(), only.GetProperty("status").GetString()));
        Assert.Equal(100, (await RecordsAsync(client)).Count);

        var view = await SendAsync(client, HttpMethod.Get, $"/api/v1/erp/connections/{id}", null, HttpStatusCode.OK);
        var next = view.GetProperty("next_pull_at").GetDateTime();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        Assert.InRange(next, now.AddMinutes(58), now.AddMinutes(61));
        Assert.Equal(0, await worker.RunDueAsync(Ct)); // not due again until the next slot
    }

    [Fact]
    public async Task OtherTenant_SeesNothing_BadInput_StructuredProblems()
    {
        await using var erp = await ODataServer.StartAsync();
        erp.AddInvoices(2, 1);
        await using var service = await StartAsync();
        var (_, tokenA) = await service.CreateTenantAsync($"era-{Guid.NewGuid():N}"[..16]);
        var (_, tokenB) = await service.CreateTenantAsync($"erb-{Guid.NewGuid():N}"[..16]);
        using var a = service.Client(tokenA);
        using var b = service.Client(tokenB);
        var id = (await CreateODataAsync(a, erp)).GetProperty("id").GetString()!;

        Assert.Empty((await SendAsync(b, HttpMethod.Get, "/api/v1/erp/connections", null, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        await SendAsync(b, HttpMethod.Get, $"/api/v1/erp/connections/{id}", null, HttpStatusCode.NotFound);
        await SendAsync(b, HttpMethod.Put, $"/api/v1/erp/connections/{id}", new { name = "mine" }, HttpStatusCode.NotFound);
        await SendAsync(b, HttpMethod.Post, $"/api/v1/erp/connections/{id}/pull", null, HttpStatusCode.NotFound);
        await SendAsync(b, HttpMethod.Get, $"/api/v1/erp/connections/{id}/pulls", null, HttpStatusCode.NotFound);
        await SendAsync(b, HttpMethod.Delete, $"/api/v1/erp/connections/{id}", null, HttpStatusCode.NotFound);
        Assert.Equal(0, erp.Requests);

        async Task<JsonElement> Bad(object body) => await SendAsync(a, HttpMethod.Post, "/api/v1/erp/connections", body, HttpStatusCode.BadRequest);
        var badUrl = await Bad(new { name = "x", kind = "odata", base_url = "ftp://erp", entity = "E", mapping = ODataMapping });
        Assert.Equal(("invalid_url", "base_url"), (badUrl.GetProperty("code").GetString(), badUrl.GetProperty("field").GetString()));
        var badKind = await Bad(new { name = "x", kind = "soap", base_url = erp.BaseUrl, entity = "E", mapping = ODataMapping });
        Assert.Equal("unknown_kind", badKind.GetProperty("code").GetString());
        var noDate = await Bad(new { name = "x", kind = "odata", base_url = erp.BaseUrl, entity = "E", mapping = new { document_id = "D", changed_at = "C", description = "T", spend = "S", currency = "EUR" } });
        Assert.Equal(("invalid_mapping", "mapping.date"), (noDate.GetProperty("code").GetString(), noDate.GetProperty("field").GetString()));
        var unknownKey = await Bad(new { name = "x", kind = "odata", base_url = erp.BaseUrl, entity = "E", mapping = new { document_id = "D", changed_at = "C", date = "P", spend = "S", quantity = "Q" } });
        Assert.Equal("invalid_mapping", unknownKey.GetProperty("code").GetString());
        var injection = await Bad(new { name = "x", kind = "odata", base_url = erp.BaseUrl, entity = "E", mapping = new { document_id = "D eq 1 or 1", changed_at = "C", date = "P", description = "T", spend = "S", currency = "C" } });
        Assert.Equal("invalid_mapping", injection.GetProperty("code").GetString());
        var schedule = await Bad(new { name = "x", kind = "odata", base_url = erp.BaseUrl, entity = "E", mapping = ODataMapping, schedule_minutes = 1 });
        Assert.Equal("schedule_minutes", schedule.GetProperty("field").GetString());
        await SendAsync(a, HttpMethod.Post, "/api/v1/erp/connections", new { name = "sap-invoices", kind = "odata", base_url = erp.BaseUrl, entity = "E", mapping = ODataMapping }, HttpStatusCode.Conflict);

        await SendAsync(a, HttpMethod.Delete, $"/api/v1/erp/connections/{id}", null, HttpStatusCode.NoContent);
        await SendAsync(a, HttpMethod.Get, $"/api/v1/erp/connections/{id}", null, HttpStatusCode.NotFound);
    }

    private static JsonElement Dependency(JsonElement health, string name) =>
        health.GetProperty("dependencies").EnumerateArray().Single(d => d.GetProperty("name").GetString() == name);
}

public sealed class SqliteErpImportTests : ErpImportTests
{
    protected override Task<ServiceInstance> StartAsync(Dictionary<string, string> settings) => ServiceInstance.StartAsync(settings);
}

public sealed class PostgresErpImportTests : ErpImportTests, IAsyncDisposable
{
    private PostgresDatabase? _database;

    protected override async Task<ServiceInstance> StartAsync(Dictionary<string, string> settings)
    {
        _database = await PostgresDatabase.CreateAsync(8);
        foreach (var (key, value) in _database.ServiceSettings(tenantFilters: false))
        {
            settings[key] = value;
        }

        return await ServiceInstance.StartAsync(settings);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
