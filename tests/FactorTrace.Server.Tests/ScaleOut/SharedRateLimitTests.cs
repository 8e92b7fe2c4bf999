using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactorTrace.Server.Tests.Doubles;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.ScaleOut;

/// <summary>
/// The shared rate-limit bucket's fallback: while Redis cannot answer, the instance's own bucket of the same size holds
/// the limit (neither refusing nor admitting everything), and the platform health view says the limit is per instance.
/// </summary>
public sealed class SharedRateLimitTests
{
    private static readonly object Diesel = new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RedisStopped_LimitHeldByTheInstancesOwnBucket_HealthShowsInstanceFallback()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var service = await ServiceInstance.StartAsync(new Dictionary<string, string>
        {
            ["FactorTrace:Cache:Redis"] = redis.ConnectionString,
            ["FactorTrace:Resilience:Dependencies:redis:MinimumThroughput"] = "2",
        });
        using var platform = service.Client(await service.TokenAsync());
        // Until the first connection to Redis is made the instance decides alone; then the buckets are shared.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await ScopeAsync(platform) != "shared")
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"rate limits not shared: {await ScopeAsync(platform)}");
            await SendAsync(platform, HttpMethod.Get, "/api/v1/me", null, HttpStatusCode.OK);
            await Task.Delay(100, Ct);
        }

        var (_, token) = await service.CreateTenantAsync($"fallback-{Guid.NewGuid():N}"[..20]);
        using var client = service.Client(token);
        await SendAsync(client, HttpMethod.Put, "/api/v1/settings", new { rate_limit_per_minute = 20 }, HttpStatusCode.OK);

        redis.Kill();
        var admitted = 0;
        for (var i = 0; i < 30; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/factors/resolve", Diesel, Ct);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{response.StatusCode}");
            admitted += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        // The local bucket (20, refilled at one token per 3 s) was full: 20 admitted, plus at most a refill or two.
        Assert.InRange(admitted, 20, 23);
        var health = await platform.GetFromJsonAsync<JsonElement>("/health/ready", Ct);
        Assert.Equal("instance_fallback", health.GetProperty("rate_limits").GetProperty("scope").GetString());
        Assert.True(health.GetProperty("rate_limits").GetProperty("fallbacks").GetInt64() >= 30);
    }

    private static async Task<string?> ScopeAsync(HttpClient platform) =>
        (await platform.GetFromJsonAsync<JsonElement>("/health/ready", Ct)).GetProperty("rate_limits").GetProperty("scope").GetString();
}
