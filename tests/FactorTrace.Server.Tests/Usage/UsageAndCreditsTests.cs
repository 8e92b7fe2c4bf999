using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactorTrace.Data;
using FactorTrace.Data.Tenancy;
using FactorTrace.Data.Usage;
using FactorTrace.Server.Usage;
using FactorTrace.Usage;
using Microsoft.Extensions.DependencyInjection;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.Usage;

/// <summary>
/// Meters per tenant and day, and credits: parallel charges never overdraw, a refused report leaves nothing behind,
/// grants are written with who and why, and one tenant never sees another's use.
/// </summary>
public abstract class UsageAndCreditsTests(ServiceInstance service)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly object Diesel = new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L" };

    [Fact]
    public async Task Usage_LookupsAndRuns_CountedForTheirOwnTenantAfterAFlushAsJsonAndCsv()
    {
        var (tenantA, a) = await TenantAsync("usea");
        var (tenantB, b) = await TenantAsync("useb");
        await SendAsync(a, HttpMethod.Post, "/api/v1/factors/resolve", Diesel, HttpStatusCode.OK);
        await SendAsync(a, HttpMethod.Post, "/api/v1/factors/resolve", Diesel, HttpStatusCode.OK);
        await SendAsync(a, HttpMethod.Post, "/api/v1/factors/resolve/batch", new { items = new[] { Diesel, Diesel, Diesel } }, HttpStatusCode.OK);
        using (var unknown = await a.PostAsJsonAsync("/api/v1/factors/resolve", new { activity = "fuel.dieselx", region = "GB", unit = "L" }, Ct))
        {
            Assert.False(unknown.IsSuccessStatusCode); // no answer: not a lookup
        }

        await SendAsync(b, HttpMethod.Post, "/api/v1/factors/resolve", Diesel, HttpStatusCode.OK);
        await SendAsync(a, HttpMethod.Post, "/api/v1/activities/batch", new { items = new[] { new { activity_id = "fuel.diesel", amount = 10, unit = "L", date = "2024-03-01", region = "GB" } } },
            HttpStatusCode.Created);
        await SendAsync(a, HttpMethod.Post, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);

        await service.Get<UsageFlusher>().FlushAsync(Ct);

        var usage = await SendAsync(a, HttpMethod.Get, "/api/v1/usage", null, HttpStatusCode.OK);
        var meters = usage.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("meter").GetString()!, i => i.GetProperty("quantity").GetInt64());
        Assert.Equal(5, meters[Meters.FactorLookups]);
        Assert.Equal(1, meters[Meters.CalculationRuns]);
        Assert.Equal(1, meters[Meters.ResultRows]);
        var other = await SendAsync(b, HttpMethod.Get, "/api/v1/usage", null, HttpStatusCode.OK);
        Assert.Equal(1, other.GetProperty("items").EnumerateArray().Single().GetProperty("quantity").GetInt64());

        var byDay = await SendAsync(a, HttpMethod.Get, "/api/v1/usage?group_by=day", null, HttpStatusCode.OK);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(byDay.GetProperty("items").EnumerateArray(), i => Assert.Equal(today, i.GetProperty("day").GetString()));
        var csv = await a.GetStringAsync(new Uri("/api/v1/usage?format=csv", UriKind.Relative), Ct);
        Assert.StartsWith("meter,quantity\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("factor_lookups,5\r\n", csv, StringComparison.Ordinal);

        using var platform = service.Client(await service.TokenAsync());
        var all = await SendAsync(platform, HttpMethod.Get, "/api/v1/platform/usage", null, HttpStatusCode.OK);
        var lookups = all.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("meter").GetString() == Meters.FactorLookups)
            .ToDictionary(i => i.GetProperty("tenant_id").GetGuid(), i => i.GetProperty("quantity").GetInt64());
        Assert.Equal(5, lookups[tenantA]);
        Assert.Equal(1, lookups[tenantB]);
        await SendAsync(a, HttpMethod.Get, "/api/v1/platform/usage", null, HttpStatusCode.Forbidden);
        await SendAsync(a, HttpMethod.Get, "/api/v1/usage?from=2024-02-30", null, HttpStatusCode.BadRequest);
        await SendAsync(a, HttpMethod.Get, "/api/v1/usage?group_by=week", null, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Credits_TwelveParallelReportsWithThreeCreditsLeft_ThreeMadeNineRefusedWithNothingLeftBehind()
    {
        var (tenant, client) = await TenantAsync("cred");
        await SendAsync(client, HttpMethod.Post, "/api/v1/activities/batch", new { items = new[] { new { activity_id = "fuel.diesel", amount = 100, unit = "L", date = "2024-03-01", region = "GB" } } },
            HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Put, "/api/v1/reporting-periods", new { from = "2024-01-01", to = "2024-12-31", net_revenue = new { amount = 1_000_000m, currency = "EUR" } },
            HttpStatusCode.OK);
        var opening = await SendAsync(client, HttpMethod.Get, "/api/v1/credits", null, HttpStatusCode.OK);
        Assert.Equal(100m, opening.GetProperty("balance").GetDecimal());
        Assert.Equal(1m, opening.GetProperty("prices").GetProperty(Meters.Reports).GetDecimal());

        // Spend all but three credits, as the tenant would have over time.
        var scope = service.Services.CreateAsyncScope();
        await using (scope)
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant);
            var ledger = new CreditLedger(scope.ServiceProvider.GetRequiredService<FactorTraceDb>(), TimeProvider.System);
            Assert.True((await ledger.TryChargeAsync(tenant, Meters.Reports, 97, 1000, "test", "earlier reports", null, Ct)).Charged);
        }

        var body = new { framework = "esrs-e1", from = "2024-01-01", to = "2024-12-31", formats = new[] { "json" } };
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var response = await client.PostAsJsonAsync("/api/v1/reports", body, Ct);
            return (response.StatusCode, Body: JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone());
        }));
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(9, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, r.StatusCode);
            Assert.Equal("insufficient_credits", r.Body.GetProperty("code").GetString());
        });

        var reports = await SendAsync(client, HttpMethod.Get, "/api/v1/reports", null, HttpStatusCode.OK);
        var reportIds = Items(reports).Select(r => r.GetProperty("id").GetString()).ToHashSet();
        Assert.Equal(responses.Where(r => r.StatusCode == HttpStatusCode.Created).Select(r => r.Body.GetProperty("id").GetString()).ToHashSet(), reportIds);
        var credits = await SendAsync(client, HttpMethod.Get, "/api/v1/credits", null, HttpStatusCode.OK);
        Assert.Equal(0m, credits.GetProperty("balance").GetDecimal());
        Assert.True(credits.GetProperty("low").GetBoolean());
        var charges = credits.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "charge" && e.GetProperty("quantity").GetInt64() == 1).ToList();
        Assert.Equal(reportIds, charges.Select(c => c.GetProperty("reference").GetString()).ToHashSet());
        Assert.Equal([2m, 1m, 0m], charges.Select(c => c.GetProperty("balance_after").GetDecimal()).Order().Reverse());

        // A platform grant, written with who and why, lets the next report through.
        using var platform = service.Client(await service.TokenAsync());
        await SendAsync(platform, HttpMethod.Post, $"/api/v1/platform/tenants/{tenant}/credits", new { amount = -5, reason = "x" }, HttpStatusCode.UnprocessableEntity);
        await SendAsync(platform, HttpMethod.Post, $"/api/v1/platform/tenants/{tenant}/credits", new { amount = 5 }, HttpStatusCode.UnprocessableEntity);
        await SendAsync(platform, HttpMethod.Post, $"/api/v1/platform/tenants/{Guid.NewGuid()}/credits", new { amount = 5, reason = "x" }, HttpStatusCode.NotFound);
        await SendAsync(client, HttpMethod.Post, $"/api/v1/platform/tenants/{tenant}/credits", new { amount = 5, reason = "x" }, HttpStatusCode.Forbidden);
        var granted = await SendAsync(platform, HttpMethod.Post, $"/api/v1/platform/tenants/{tenant}/credits", new { amount = 2.5m, reason = "December top-up" }, HttpStatusCode.Created);
        Assert.Equal(2.5m, granted.GetProperty("balance").GetDecimal());
        await SendAsync(client, HttpMethod.Post, "/api/v1/reports", body, HttpStatusCode.Created);
        var after = await SendAsync(client, HttpMethod.Get, "/api/v1/credits", null, HttpStatusCode.OK);
        Assert.Equal(1.5m, after.GetProperty("balance").GetDecimal());
        var grant = after.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("reason").GetString() == "December top-up");
        Assert.Equal("grant", grant.GetProperty("kind").GetString());
        Assert.StartsWith("user:", grant.GetProperty("actor").GetString(), StringComparison.Ordinal);
        var balances = await SendAsync(platform, HttpMethod.Get, "/api/v1/platform/credits", null, HttpStatusCode.OK);
        Assert.Equal(1.5m, balances.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("tenant_id").GetGuid() == tenant).GetProperty("balance").GetDecimal());
    }

    private static JsonElement.ArrayEnumerator Items(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : list.GetProperty("items").EnumerateArray();

    private async Task<(Guid TenantId, HttpClient Client)> TenantAsync(string prefix)
    {
        var (id, token) = await service.CreateTenantAsync($"{prefix}-{Guid.NewGuid():N}"[..20]);
        return (id, service.Client(token));
    }

}

/// <summary>On the embedded default.</summary>
public sealed class SqliteUsageAndCreditsTests(SqliteServiceFixture fixture) : UsageAndCreditsTests(fixture.Service), IClassFixture<SqliteServiceFixture>;

/// <summary>On PostgreSQL as the application role, under row-level security.</summary>
public sealed class PostgresUsageAndCreditsTests(PostgresRlsOnlyFixture fixture) : UsageAndCreditsTests(fixture.Service), IClassFixture<PostgresRlsOnlyFixture>;
