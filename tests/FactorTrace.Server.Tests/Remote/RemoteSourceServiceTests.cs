using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactorTrace.Remote;
using FactorTrace.Server.Tests.Doubles;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FactorTrace.Server.Tests.Remote;

/// <summary>
/// The service with a licensed remote source (a real HTTP stub on 127.0.0.1) first in the cascade, Redis as L2, and a fake
/// clock: answers, layers, licence rules, failure fallbacks and health over real HTTP.
/// </summary>
public sealed class RemoteSourceServiceFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow());

    public StubHttpServer Stub { get; private set; } = null!;

    public RedisProcess Redis { get; private set; } = null!;

    public ServiceInstance Service { get; private set; } = null!;

    public string ApiKey { get; private set; } = null!;

    public static Dictionary<string, string> Settings(Uri stub, string redis) => new()
    {
        ["FactorTrace:RemoteSources:Sources:ecoinvent:Kind"] = "licensed-api",
        ["FactorTrace:RemoteSources:Sources:ecoinvent:Name"] = "ecoinvent (runtime API)",
        ["FactorTrace:RemoteSources:Sources:ecoinvent:BaseUrl"] = stub.ToString(),
        ["FactorTrace:RemoteSources:Sources:ecoinvent:ApiKey"] = "licensed-key",
        ["FactorTrace:RemoteSources:Sources:ecoinvent:Licence:Id"] = "ecoinvent-eula",
        ["FactorTrace:RemoteSources:Sources:ecoinvent:Licence:Attribution"] = "Data from ecoinvent v3.10, used under licence.",
        ["FactorTrace:RemoteSources:Sources:ecoinvent:Licence:MaxCacheAge"] = "1.00:00:00",
        ["FactorTrace:RemoteSources:MaxLicensedFactorsPerTenantPerDay"] = "50",
        ["FactorTrace:Cache:Redis"] = redis,
        ["FactorTrace:Cache:Duration"] = "01:00:00",
        ["FactorTrace:Cache:FailSafeMaxDuration"] = "23:00:00",
        ["FactorTrace:Resilience:Dependencies:ecoinvent:MaxRetries"] = "0",
        ["FactorTrace:Resilience:Dependencies:ecoinvent:MinimumThroughput"] = "2",
        ["FactorTrace:Resilience:Dependencies:ecoinvent:BreakDuration"] = "00:00:30",
    };

    public static Task Answer(HttpContext c)
    {
        var q = c.Request.Query;
        if (q["activity"] != "electricity.grid")
        {
            return StubHttpServer.Json(c, """{"error":"not_found"}""", 404);
        }

        var year = int.Parse(q["year"]!, System.Globalization.CultureInfo.InvariantCulture);
        var region = q["region"].ToString();
        var body = "{\"factor\":{\"id\":\"eco-grid-" + region + "-" + year + "\",\"name\":\"market for electricity, low voltage\",\"region\":\"" + region
            + "\",\"year\":" + year + ",\"unit\":\"kWh\",\"gwp\":\"AR6\",\"kgco2e_per_unit\":0." + (year - 1900)
            + ",\"gases\":{\"co2\":0.1},\"version\":\"3.10\",\"gsd\":1.1}}";
        return StubHttpServer.Json(c, body);
    }

    public async ValueTask InitializeAsync()
    {
        Stub = await StubHttpServer.StartAsync();
        Stub.Handler = Answer;
        Redis = await RedisProcess.StartAsync();
        Service = await ServiceInstance.StartAsync(Settings(Stub.Address, Redis.ConnectionString), b => b.Services.AddSingleton<TimeProvider>(Time));
        using var admin = Service.Client(await Service.TokenAsync());
        using var response = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "remote-tests", role = "admin" }, TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        ApiKey = json.RootElement.GetProperty("key").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await Redis.DisposeAsync();
        await Stub.DisposeAsync();
    }
}

public sealed class RemoteSourceServiceTests(RemoteSourceServiceFixture fixture) : IClassFixture<RemoteSourceServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LicensedSourceFirst_AnswersWithLicenceAndAttribution_ThenFromL1_ThenFromL2_SameHash()
    {
        await ResetAsync();
        using var client = Client();
        var request = Grid(2001);

        var computed = await ResolveAsync(client, request);
        var fromMemory = await ResolveAsync(client, request);
        await fixture.Service.Get<FactorResolver>().Cache.FlushAsync();
        fixture.Service.Get<FactorResolver>().Cache.ClearMemory();
        var fromRedis = await ResolveAsync(client, request);

        Assert.Equal("ecoinvent:eco-grid-GB-2001", computed.GetProperty("factor_id").GetString());
        Assert.Equal("ecoinvent", computed.GetProperty("source").GetString());
        Assert.Equal("ecoinvent-eula", computed.GetProperty("licence").GetProperty("id").GetString());
        Assert.Equal("Data from ecoinvent v3.10, used under licence.", computed.GetProperty("licence").GetProperty("attribution").GetString());
        Assert.False(computed.GetProperty("licence").GetProperty("bulk_export").GetBoolean());
        Assert.Equal("stated", computed.GetProperty("uncertainty").GetProperty("method").GetString());
        var first = computed.GetProperty("provenance").GetProperty("attempts")[0];
        Assert.Equal(("ecoinvent", "hit"), (first.GetProperty("source").GetString(), first.GetProperty("outcome").GetString()));
        Assert.Equal(["none", "l1", "l2"], new[] { computed, fromMemory, fromRedis }.Select(a => a.GetProperty("provenance").GetProperty("cache").GetString()));
        Assert.Single(new[] { computed, fromMemory, fromRedis }.Select(a => a.GetProperty("provenance").GetProperty("sha256").GetString()).Distinct());
    }

    [Fact]
    public async Task LicensedSourceMiss_NextSourceAnswers_MissRecorded()
    {
        await ResetAsync();
        using var client = Client();

        var answer = await ResolveAsync(client, new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L" });

        Assert.Equal("desnz", answer.GetProperty("source").GetString());
        var first = answer.GetProperty("provenance").GetProperty("attempts")[0];
        Assert.Equal(("ecoinvent", "miss"), (first.GetProperty("source").GetString(), first.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task BatchResolve_NeverServesTheLicensedSource()
    {
        await ResetAsync();
        using var client = Client();
        var before = fixture.Stub.Requests;

        using var response = await client.PostAsJsonAsync("/api/v1/factors/resolve/batch", new { items = new[] { Grid(2024), Grid(2019) } }, Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var item in json.RootElement.GetProperty("results").EnumerateArray())
        {
            Assert.NotEqual("ecoinvent", item.GetProperty("source").GetString());
            var skipped = item.GetProperty("provenance").GetProperty("attempts")[0];
            Assert.Equal(("ecoinvent", "skipped"), (skipped.GetProperty("source").GetString(), skipped.GetProperty("outcome").GetString()));
            Assert.Contains("licence", skipped.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, fixture.Stub.Requests);
    }

    [Fact]
    public async Task SearchAndFactorLookup_NeverListLicensedFactors()
    {
        await ResetAsync();
        using var client = Client();
        await ResolveAsync(client, Grid(2024));

        var search = await client.GetStringAsync("/api/v1/factors/search?q=electricity&source=ecoinvent&kind=factor", Ct);
        using var lookup = await client.GetAsync("/api/v1/factors/ecoinvent:eco-grid-GB-2024", Ct);

        Assert.Contains("\"total\":0", search, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task VolumeGuard_FullForTheDay_NextSourceAnswers_RepeatsStillServed()
    {
        await ResetAsync();
        using var client = Client();
        var tenant = (await client.GetFromJsonAsync<JsonElement>("/api/v1/me", Ct)).GetProperty("tenant_id").GetGuid().ToString("N");
        var guard = fixture.Service.Get<FactorResolver>().Guard;
        var repeat = await ResolveAsync(client, Grid(2015));
        for (var i = 0; guard.CountToday(tenant, "ecoinvent") < guard.MaxPerDay; i++)
        {
            await guard.TryAdmitAsync(tenant, "ecoinvent", $"filler-{i}");
        }

        var refused = await ResolveAsync(client, Grid(2016));
        var again = await ResolveAsync(client, Grid(2015));
        fixture.Time.Advance(TimeSpan.FromDays(1));
        var nextDay = await ResolveAsync(client, Grid(2016));

        Assert.Equal("ecoinvent", repeat.GetProperty("source").GetString());
        Assert.NotEqual("ecoinvent", refused.GetProperty("source").GetString());
        Assert.Contains("licence volume guard", refused.GetProperty("provenance").GetProperty("attempts")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("ecoinvent", again.GetProperty("source").GetString());
        Assert.Equal("ecoinvent", nextDay.GetProperty("source").GetString());
    }

    [Fact]
    public async Task SourceFailing_StaleWithinLicence_ThenBreakerOpens_NextSource_NeverPastTheLicenceLimit()
    {
        await ResetAsync();
        using var client = Client();
        var cached = await ResolveAsync(client, Grid(2010));
        fixture.Stub.Handler = c => StubHttpServer.Json(c, "{}", 500);

        fixture.Time.Advance(TimeSpan.FromHours(2));
        var stale = await ResolveAsync(client, Grid(2010));
        var fresh = await ResolveAsync(client, Grid(2011));
        await ResolveAsync(client, Grid(2012));
        var skipped = await ResolveAsync(client, Grid(2013));
        var health = await client.GetFromJsonAsync<JsonElement>("/api/v1/factor-broker/health", Ct);
        fixture.Time.Advance(TimeSpan.FromHours(22));
        var expired = await ResolveAsync(client, Grid(2010));

        Assert.Equal("ecoinvent", stale.GetProperty("source").GetString());
        Assert.Equal(cached.GetProperty("value").GetDouble(), stale.GetProperty("value").GetDouble());
        Assert.Contains(stale.GetProperty("provenance").GetProperty("fallbacks").EnumerateArray(), f => f.GetProperty("kind").GetString() == "stale");
        Assert.NotEqual("ecoinvent", fresh.GetProperty("source").GetString());
        Assert.Equal("error", fresh.GetProperty("provenance").GetProperty("attempts")[0].GetProperty("outcome").GetString());
        Assert.Equal("circuit_open", skipped.GetProperty("provenance").GetProperty("attempts")[0].GetProperty("outcome").GetString());
        var source = health.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "ecoinvent");
        Assert.Equal(("circuit_open", "open"), (source.GetProperty("status").GetString(), source.GetProperty("breaker").GetString()));
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.NotEqual("ecoinvent", expired.GetProperty("source").GetString());
        fixture.Stub.Handler = RemoteSourceServiceFixture.Answer;
    }

    [Fact]
    public async Task BrokerHealth_ReportsLayersHitRatesAndDependencies_MetricsExported()
    {
        await ResetAsync();
        using var client = Client();
        await ResolveAsync(client, Grid(2005));
        await ResolveAsync(client, Grid(2005));

        var health = await client.GetFromJsonAsync<JsonElement>("/api/v1/factor-broker/health", Ct);
        using var platform = fixture.Service.Client(await fixture.Service.TokenAsync());
        var metrics = await platform.GetStringAsync("/metrics", Ct);
        var sources = await client.GetFromJsonAsync<JsonElement>("/api/v1/sources", Ct);

        var listed = sources.GetProperty("sources")[0];
        Assert.Equal(("ecoinvent", true, "available", 1), (listed.GetProperty("id").GetString(), listed.GetProperty("remote").GetBoolean(),
            listed.GetProperty("status").GetString(), listed.GetProperty("priority").GetInt32()));
        Assert.Equal("Data from ecoinvent v3.10, used under licence.", listed.GetProperty("licence")[0].GetProperty("attribution").GetString());
        Assert.False(listed.GetProperty("licence_policy").GetProperty("bulk_export").GetBoolean());

        var layers = health.GetProperty("cache").GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("layer").GetString()!);
        Assert.Equal("up", layers["l1"].GetProperty("status").GetString());
        Assert.Equal("up", layers["l2"].GetProperty("status").GetString());
        Assert.Equal("up", layers["l3"].GetProperty("status").GetString());
        Assert.True(layers["l1"].GetProperty("hits").GetInt64() >= 1);
        Assert.True(health.GetProperty("cache").GetProperty("hit_rate").GetDouble() > 0);
        Assert.Contains(health.GetProperty("dependencies").EnumerateArray(), d => d.GetProperty("name").GetString() == "redis");
        Assert.Contains("factortrace_cache_lookups_total", metrics, StringComparison.Ordinal);
        Assert.Contains("factortrace_dependency_circuit_state", metrics, StringComparison.Ordinal);
    }

    /// <summary>Tests share one service: each starts with the stub answering and the source's circuit closed.</summary>
    private async Task ResetAsync()
    {
        fixture.Stub.Handler = RemoteSourceServiceFixture.Answer;
        await fixture.Service.Get<FactorResolver>().Remote.Find("ecoinvent")!.Dependency.CloseAsync();
    }

    private static object Grid(int year) => new { activity = "electricity.grid", region = "GB", year, unit = "kWh" };

    private HttpClient Client() => fixture.Service.Client(apiKey: fixture.ApiKey);

    private static async Task<JsonElement> ResolveAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/factors/resolve", request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
