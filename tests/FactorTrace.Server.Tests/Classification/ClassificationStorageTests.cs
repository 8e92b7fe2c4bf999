using System.Net;
using FactorTrace.Server.Tests.Doubles;
using FactorTrace.Server.Usage;
using FactorTrace.Usage;
using static FactorTrace.Server.Tests.ApiCalls;
using static FactorTrace.Server.Tests.Classification.ClassificationFailoverTests;

namespace FactorTrace.Server.Tests.Classification;

/// <summary>
/// What classification stores, on SQLite and on PostgreSQL with only row-level security between tenants: the cached
/// answer serves the second call (the provider is asked once), tokens and cost are kept per tenant, month and provider,
/// the usage meters count lines and tokens, and supplier rules belong to their tenant alone.
/// </summary>
public abstract class ClassificationStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<ServiceInstance> StartAsync(Dictionary<string, string> settings);

    [Fact]
    public async Task Classify_SecondCallFromCache_TokensAccountedPerTenantAndCountedOnTheMeters()
    {
        await using var primary = await ChatCompletionsDouble.StartAsync();
        await using var service = await StartAsync(Settings(primary, null));
        var (tenantA, tokenA) = await service.CreateTenantAsync($"cla-{Guid.NewGuid():N}"[..16]);
        var (_, tokenB) = await service.CreateTenantAsync($"clb-{Guid.NewGuid():N}"[..16]);
        using var a = service.Client(tokenA);
        using var b = service.Client(tokenB);

        var first = await ClassifyAsync(a, Unknown, "diesel", Unknown);
        Assert.Equal(["llm:primary", "local", "cache"], first.Select(i => i.GetProperty("method").GetString()));
        var offered = ChatCompletionsDouble.Candidates(primary.Bodies.Single());
        Assert.Equal(offered[0], first[0].GetProperty("activity_id").GetString());
        Assert.Equal((100, 20), (first[0].GetProperty("tokens").GetProperty("prompt").GetInt32(), first[0].GetProperty("tokens").GetProperty("completion").GetInt32()));

        var again = await ClassifyAsync(a, Unknown.ToUpperInvariant() + " ");
        var other = await ClassifyAsync(b, Unknown);
        Assert.All(again.Concat(other), i => Assert.Equal(("cache", "primary"), (i.GetProperty("method").GetString(), i.GetProperty("provider").GetString())));
        Assert.Equal(offered[0], other[0].GetProperty("activity_id").GetString());
        Assert.Equal(1, primary.Requests);

        var spendA = await SendAsync(a, HttpMethod.Get, "/api/v1/classification/spend", null, HttpStatusCode.OK);
        var row = spendA.GetProperty("providers").EnumerateArray().Single();
        Assert.Equal(("primary", 1L, 100L, 20L), (row.GetProperty("provider").GetString(), row.GetProperty("requests").GetInt64(), row.GetProperty("prompt_tokens").GetInt64(),
            row.GetProperty("completion_tokens").GetInt64()));
        Assert.Equal(0.0016, row.GetProperty("cost").GetDouble(), 9);
        var spendB = await SendAsync(b, HttpMethod.Get, "/api/v1/classification/spend", null, HttpStatusCode.OK);
        Assert.Empty(spendB.GetProperty("providers").EnumerateArray());
        Assert.Equal(0, spendB.GetProperty("spent").GetDouble());

        await service.Get<UsageFlusher>().FlushAsync(Ct);
        var usage = await SendAsync(a, HttpMethod.Get, "/api/v1/usage", null, HttpStatusCode.OK);
        var meters = usage.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("meter").GetString()!, i => i.GetProperty("quantity").GetInt64());
        Assert.Equal(4, meters[Meters.Classifications]);
        Assert.Equal(120, meters[Meters.ClassificationTokens]);
        var usageB = await SendAsync(b, HttpMethod.Get, "/api/v1/usage", null, HttpStatusCode.OK);
        Assert.DoesNotContain(usageB.GetProperty("items").EnumerateArray(), i => i.GetProperty("meter").GetString() == Meters.ClassificationTokens);
        _ = tenantA;
    }

    [Fact]
    public async Task SupplierRules_ClassifyOnlyForTheirTenant_ChecksAndAudit()
    {
        await using var service = await StartAsync([]);
        var (_, tokenA) = await service.CreateTenantAsync($"sra-{Guid.NewGuid():N}"[..16]);
        var (_, tokenB) = await service.CreateTenantAsync($"srb-{Guid.NewGuid():N}"[..16]);
        using var a = service.Client(tokenA);
        using var b = service.Client(tokenB);

        var created = await SendAsync(a, HttpMethod.Post, "/api/v1/classification/supplier-rules", new { pattern = "Shell", activity_id = "fuel.diesel" }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await SendAsync(a, HttpMethod.Post, "/api/v1/classification/supplier-rules", new { pattern = "Shell", activity_id = "fuel.petrol" }, HttpStatusCode.Conflict);
        var unknown = await SendAsync(a, HttpMethod.Post, "/api/v1/classification/supplier-rules", new { pattern = "AWS", activity_id = "cloud.nothing" }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("activity_id", unknown.GetProperty("field").GetString());
        await SendAsync(a, HttpMethod.Post, "/api/v1/classification/supplier-rules", new { pattern = "Adlon", activity_id = "travel.hotel-night", category = "Cat 7" }, HttpStatusCode.Created);
        await SendAsync(a, HttpMethod.Post, "/api/v1/classification/supplier-rules", new { pattern = "12/03", activity_id = "fuel.diesel" }, HttpStatusCode.BadRequest);
        await SendAsync(a, HttpMethod.Post, "/api/v1/classification/supplier-rules", new { pattern = "X", activity_id = "fuel.diesel", category = "pizza" }, HttpStatusCode.BadRequest);

        var mine = await ClassifyAsync(a, "Shell fuel card 12/03", "SHELL  Fuel Card 14/03", "Hotel Adlon 2 nights", "Seashell souvenirs");
        Assert.Equal(("fuel.diesel", "supplier_rule", 1.0), (mine[0].GetProperty("activity_id").GetString(), mine[0].GetProperty("method").GetString(), mine[0].GetProperty("confidence").GetDouble()));
        Assert.Equal("supplier_rule", mine[1].GetProperty("method").GetString());
        Assert.Equal(("travel.hotel-night", "3.7"), (mine[2].GetProperty("activity_id").GetString(), mine[2].GetProperty("category").GetString()));
        Assert.NotEqual("supplier_rule", mine[3].GetProperty("method").GetString()); // a whole word, not a part of one

        var theirs = await ClassifyAsync(b, "Shell fuel card 12/03");
        Assert.NotEqual("supplier_rule", theirs[0].GetProperty("method").GetString());
        Assert.Empty((await SendAsync(b, HttpMethod.Get, "/api/v1/classification/supplier-rules", null, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        await SendAsync(b, HttpMethod.Get, $"/api/v1/classification/supplier-rules/{id}", null, HttpStatusCode.NotFound);
        await SendAsync(b, HttpMethod.Put, $"/api/v1/classification/supplier-rules/{id}", new { pattern = "Shell", activity_id = "fuel.petrol" }, HttpStatusCode.NotFound);
        await SendAsync(b, HttpMethod.Delete, $"/api/v1/classification/supplier-rules/{id}", null, HttpStatusCode.NotFound);

        var updated = await SendAsync(a, HttpMethod.Put, $"/api/v1/classification/supplier-rules/{id}", new { pattern = "Shell", activity_id = "fuel.petrol" }, HttpStatusCode.OK);
        Assert.Equal("fuel.petrol", updated.GetProperty("activity_id").GetString());
        Assert.Equal("fuel.petrol", (await ClassifyAsync(a, "Shell fuel card 12/03"))[0].GetProperty("activity_id").GetString());
        await SendAsync(a, HttpMethod.Delete, $"/api/v1/classification/supplier-rules/{id}", null, HttpStatusCode.NoContent);
        Assert.Single((await SendAsync(a, HttpMethod.Get, "/api/v1/classification/supplier-rules", null, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());

        var audit = await SendAsync(a, HttpMethod.Get, "/api/v1/audit-events?limit=100", null, HttpStatusCode.OK);
        var actions = audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(2, actions.Count(x => x == "supplier_rule.create"));
        Assert.Contains("supplier_rule.update", actions);
        Assert.Contains("supplier_rule.delete", actions);
        var auditB = await SendAsync(b, HttpMethod.Get, "/api/v1/audit-events?limit=100", null, HttpStatusCode.OK);
        Assert.DoesNotContain(auditB.EnumerateArray(), e => e.GetProperty("action").GetString()!.StartsWith("supplier_rule", StringComparison.Ordinal));
    }
}

public sealed class SqliteClassificationStorageTests : ClassificationStorageTests
{
    protected override Task<ServiceInstance> StartAsync(Dictionary<string, string> settings) => ServiceInstance.StartAsync(settings);
}

public sealed class PostgresClassificationStorageTests : ClassificationStorageTests, IAsyncDisposable
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
