using System.Net;
using System.Text.Json;
using FactorTrace.Server.Tests.Doubles;

namespace FactorTrace.Server.Tests.Grid;

/// <summary>
/// The service pointed at Electricity Maps and WattTime (real HTTP doubles on 127.0.0.1): the primary answers and its
/// answer is stored; when it fails the fallback answers with its own signal, said loudly; the primary's breaker opens
/// and health shows it; without keys the providers are off.
/// </summary>
public sealed class GridFailoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Latest_PrimaryAnswers_StoredAndNoFallback()
    {
        await using var em = await ElectricityMapsDouble.StartAsync(() => TimeProvider.System.GetUtcNow());
        await using var wt = await WattTimeDouble.StartAsync();
        var hour = Hour(TimeProvider.System.GetUtcNow());
        em.Zones["DE"] = [new EmHour(hour, 310.5, 250.25)];
        await using var service = await StartAsync(em, wt);

        var answer = await GetAsync(service, "/api/v1/grid/intensity/latest?zone=de", HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("fallback").ValueKind);
        var point = answer.GetProperty("point");
        Assert.Equal(("electricitymaps", "average", 250.25, 310.5), (point.GetProperty("source").GetString(), point.GetProperty("signal").GetString(), point.GetProperty("direct").GetDouble(), point.GetProperty("lifecycle").GetDouble()));

        var stored = await GetAsync(service, $"/api/v1/grid/intensity?zone=DE&from={Iso(hour)}&to={Iso(hour.AddHours(1))}", HttpStatusCode.OK);
        using (var admin = service.Client(await service.TokenAsync()))
        {
            var metrics = await admin.GetStringAsync("/metrics", Ct);
            Assert.True(metrics.Split('\n').Any(l => l.StartsWith("factortrace_grid_points_written_total{", StringComparison.Ordinal) && l.Contains("origin=\"provider\"", StringComparison.Ordinal)), string.Join('\n', metrics.Split('\n').Where(l => l.Contains("grid", StringComparison.Ordinal))));
        }

        Assert.Equal(250.25, stored.GetProperty("points")[0].GetProperty("direct").GetDouble());
        Assert.Equal("real-time", stored.GetProperty("points")[0].GetProperty("quality").GetString());
    }

    [Fact]
    public async Task Latest_PrimaryDown_FallbackAnswersMarginalLoudly_BreakerOpensInHealth()
    {
        await using var em = await ElectricityMapsDouble.StartAsync(() => TimeProvider.System.GetUtcNow());
        await using var wt = await WattTimeDouble.StartAsync();
        em.Faults.Always = HttpFaults.Status(503);
        var now = TimeProvider.System.GetUtcNow();
        var values = new SortedDictionary<DateTimeOffset, double>();
        for (var t = Hour(now).AddHours(-1); t <= now; t = t.AddMinutes(5))
        {
            values[t] = 1000; // lbs/MWh → 453.59237 g/kWh
        }

        wt.Historical["CAISO_NORTH"] = values;
        await using var service = await StartAsync(em, wt);

        JsonElement answer = default;
        for (var i = 0; i < 3; i++)
        {
            answer = await GetAsync(service, "/api/v1/grid/intensity/latest?zone=US-CAL-CISO", HttpStatusCode.OK);
        }

        Assert.Equal("provider", answer.GetProperty("fallback").GetString());
        var point = answer.GetProperty("point");
        Assert.Equal(("watttime", "marginal"), (point.GetProperty("source").GetString(), point.GetProperty("signal").GetString()));
        Assert.Equal(453.59237, point.GetProperty("direct").GetDouble(), 6);
        Assert.Contains("marginal", answer.GetProperty("warning").GetString(), StringComparison.Ordinal);
        var attempts = answer.GetProperty("attempts").EnumerateArray().Select(a => (a.GetProperty("source").GetString(), a.GetProperty("outcome").GetString())).ToList();
        Assert.Equal(("electricitymaps", "circuit-open"), attempts[0]);
        Assert.Equal(("watttime", "answered"), attempts[1]);

        using var admin = service.Client(await service.TokenAsync());
        using var response = await admin.GetAsync("/health/ready", Ct);
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        var providers = health.GetProperty("grid_providers").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(("unavailable", "open"), (providers["electricitymaps"].GetProperty("status").GetString(), providers["electricitymaps"].GetProperty("breaker").GetString()));
        Assert.Equal("available", providers["watttime"].GetProperty("status").GetString());
        var metrics = await admin.GetStringAsync("/metrics", Ct);
        Assert.Contains("electricitymaps", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_NoKeys_ProvidersOffAndServiceReady()
    {
        await using var service = await ServiceInstance.StartAsync();
        using var admin = service.Client(await service.TokenAsync());
        var health = JsonDocument.Parse(await admin.GetStringAsync("/health/ready", Ct)).RootElement;
        Assert.All(health.GetProperty("grid_providers").EnumerateArray(), p => Assert.Equal("off", p.GetProperty("status").GetString()));
        Assert.NotEqual("not_ready", health.GetProperty("status").GetString());
    }

    private static Task<ServiceInstance> StartAsync(ElectricityMapsDouble em, WattTimeDouble wt) => ServiceInstance.StartAsync(new Dictionary<string, string>
    {
        ["FactorTrace:Grid:ElectricityMaps:BaseUrl"] = em.BaseUrl,
        ["FactorTrace:Grid:ElectricityMaps:ApiKey"] = ElectricityMapsDouble.ApiKey,
        ["FactorTrace:Grid:WattTime:BaseUrl"] = wt.BaseUrl,
        ["FactorTrace:Grid:WattTime:LoginUrl"] = wt.LoginUrl,
        ["FactorTrace:Grid:WattTime:Username"] = WattTimeDouble.Username,
        ["FactorTrace:Grid:WattTime:Password"] = WattTimeDouble.Password,
        ["FactorTrace:Resilience:Dependencies:electricitymaps:MaxRetries"] = "0",
        ["FactorTrace:Resilience:Dependencies:electricitymaps:MinimumThroughput"] = "2",
    });

    private static async Task<JsonElement> GetAsync(ServiceInstance service, string url, HttpStatusCode status)
    {
        using var client = service.Client(await service.TokenAsync());
        using var response = await client.GetAsync(url, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static DateTimeOffset Hour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
