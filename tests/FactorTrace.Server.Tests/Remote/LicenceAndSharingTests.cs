using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactorTrace.Remote;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Tests.Doubles;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tests.Remote;

/// <summary>Start-up refusal of cache settings beyond a licence, and two instances sharing one Redis.</summary>
public sealed class LicenceAndSharingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("FactorTrace:Cache:Duration", "1.06:00:00", "FactorTrace:Cache:Duration = 1.06:00:00 exceeds the licence limit of source 'ecoinvent'")]
    [InlineData("FactorTrace:Cache:FailSafeMaxDuration", "20:00:00", "FactorTrace:Cache:Duration (12:00:00) + FactorTrace:Cache:FailSafeMaxDuration (20:00:00) = 1.08:00:00 exceeds the licence limit of source 'ecoinvent'")]
    [InlineData("FactorTrace:Cache:Sources:ecoinvent:FailSafeMaxDuration", "13:00:00", "FactorTrace:Cache:Sources:ecoinvent:FailSafeMaxDuration (13:00:00)")]
    public async Task CacheRetentionBeyondTheLicence_StartFails_NamingTheSettingAndTheLimit(string setting, string value, string expected)
    {
        var app = ServiceHost.Build(
        [
            "--FactorTrace:DataDirectory=" + Directory.CreateTempSubdirectory("ft-licence-").FullName,
            "--FactorTrace:Datasets:Path=" + TestEnvironment.DatasetsPath,
            "--FactorTrace:RemoteSources:Sources:ecoinvent:BaseUrl=http://127.0.0.1:9/",
            "--FactorTrace:RemoteSources:Sources:ecoinvent:Licence:MaxCacheAge=1.00:00:00",
            $"--{setting}={value}",
            "--urls=http://127.0.0.1:0",
        ]);
        await using (app)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(Ct));
            var failures = error is AggregateException all ? all.InnerExceptions.OfType<OptionsValidationException>() : [Assert.IsType<OptionsValidationException>(error)];
            var message = string.Join("\n", failures.SelectMany(f => f.Failures));
            Assert.Contains(expected, message, StringComparison.Ordinal);
            Assert.Contains("FactorTrace:RemoteSources:Sources:ecoinvent:Licence:MaxCacheAge = 1.00:00:00", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TwoInstancesSharingRedis_InvalidationOnOne_IsSeenByTheOther()
    {
        await using var stub = await StubHttpServer.StartAsync();
        stub.Handler = RemoteSourceServiceFixture.Answer;
        await using var redis = await RedisProcess.StartAsync();
        var settings = RemoteSourceServiceFixture.Settings(stub.Address, redis.ConnectionString);
        await using var a = await ServiceInstance.StartAsync(settings);
        await using var b = await ServiceInstance.StartAsync(settings);
        using var clientA = a.Client(await a.TokenAsync());
        using var clientB = b.Client(await b.TokenAsync());
        var request = new { activity = "electricity.grid", region = "FR", year = 2023, unit = "kWh" };

        Assert.Equal("none", await CacheLayerAsync(clientA, request));
        await a.Get<FactorResolver>().Cache.FlushAsync();
        Assert.Equal("l2", await CacheLayerAsync(clientB, request));
        Assert.Equal("l1", await CacheLayerAsync(clientB, request));
        Assert.Equal(1, stub.Requests);

        var prefix = (await clientA.GetFromJsonAsync<JsonElement>("/api/v1/factor-broker/health", Ct)).GetProperty("cache").GetProperty("generation").GetString();
        using var invalidate = await clientA.PostAsJsonAsync("/api/v1/factor-broker/cache/invalidate", new { prefix }, Ct);
        Assert.Equal(HttpStatusCode.OK, invalidate.StatusCode);
        var resolverB = b.Get<FactorResolver>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (resolverB.Cache.MemoryCount > 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), "instance B still holds entries 5 s after the invalidation");
            await Task.Delay(10, Ct);
        }

        Assert.Equal("none", await CacheLayerAsync(clientB, request));
        Assert.Equal(2, stub.Requests);
    }

    [Fact]
    public async Task HangingSource_TimesOut_NextSourceAnswers_ThenCircuitOpens_NoWaitAtAll()
    {
        await using var stub = await StubHttpServer.StartAsync();
        stub.Handler = async c => await Task.Delay(TimeSpan.FromSeconds(5), c.RequestAborted);
        var settings = RemoteSourceServiceFixture.Settings(stub.Address, "");
        settings.Remove("FactorTrace:Cache:Redis");
        settings["FactorTrace:Resilience:Dependencies:ecoinvent:Timeout"] = "00:00:00.300";
        await using var service = await ServiceInstance.StartAsync(settings);
        using var client = service.Client(await service.TokenAsync());

        var outcomes = new List<(string? Source, string? Outcome, TimeSpan Took)>();
        foreach (var year in new[] { 2020, 2021, 2022 })
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var response = await client.PostAsJsonAsync("/api/v1/factors/resolve", new { activity = "electricity.grid", region = "GB", year, unit = "kWh" }, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            using var json = JsonDocument.Parse(text);
            outcomes.Add((json.RootElement.GetProperty("source").GetString(),
                json.RootElement.GetProperty("provenance").GetProperty("attempts")[0].GetProperty("outcome").GetString(), clock.Elapsed));
        }

        Assert.All(outcomes, o => Assert.NotEqual("ecoinvent", o.Source));
        Assert.Equal(["timeout", "timeout", "circuit_open"], outcomes.Select(o => o.Outcome));
        Assert.InRange(outcomes[0].Took, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
        Assert.True(outcomes[2].Took < TimeSpan.FromMilliseconds(250), $"an open circuit still took {outcomes[2].Took.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task BulkAllowedRemoteSource_BatchItemsResolvedConcurrently_WithinTheCap_InRequestOrder()
    {
        await using var stub = await StubHttpServer.StartAsync();
        stub.Handler = async c =>
        {
            await Task.Delay(30, c.RequestAborted);
            await RemoteSourceServiceFixture.Answer(c);
        };
        var settings = RemoteSourceServiceFixture.Settings(stub.Address, "");
        settings.Remove("FactorTrace:Cache:Redis");
        settings["FactorTrace:RemoteSources:Sources:ecoinvent:Licence:BulkExport"] = "true";
        settings["FactorTrace:RemoteSources:Sources:ecoinvent:MaxConcurrency"] = "4";
        await using var service = await ServiceInstance.StartAsync(settings);
        using var client = service.Client(await service.TokenAsync());
        var years = Enumerable.Range(1990, 40).ToList();

        using var response = await client.PostAsJsonAsync("/api/v1/factors/resolve/batch",
            new { items = years.Select(year => new { activity = "electricity.grid", region = "GB", year, unit = "kWh" }) }, Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(years.Select(y => $"ecoinvent:eco-grid-GB-{y}"), json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("factor_id").GetString()));
        Assert.InRange(stub.MaxInFlight, 2, 4);
    }

    private static async Task<string?> CacheLayerAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/factors/resolve", request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("ecoinvent", json.RootElement.GetProperty("source").GetString());
        return json.RootElement.GetProperty("provenance").GetProperty("cache").GetString();
    }
}
