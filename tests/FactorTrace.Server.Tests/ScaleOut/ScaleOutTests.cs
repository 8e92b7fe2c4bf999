using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactorTrace.Server.Tests.Imports;
using Npgsql;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.ScaleOut;

/// <summary>
/// Three service processes on one PostgreSQL and one Redis behave as one service: writes are read anywhere, a change
/// on one instance reaches the others' caches, rate limits count across instances, a scheduled slot runs once, a
/// SIGKILLed instance loses no acknowledged write, and usage meters lose at most a flush interval on a crash, nothing on SIGTERM.
/// </summary>
public sealed class ScaleOutTests(ScaleOutFixture fixture) : IClassFixture<ScaleOutFixture>
{
    private static readonly object Diesel = new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    [Fact]
    public async Task Writes_MadeRoundRobin_ReadOnEveryInstance_ImportUploadedOnOneCommittedOnAnother()
    {
        var (_, token) = await fixture.TenantAsync("writes");
        using var balanced = fixture.Client(token);
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var created = await SendAsync(balanced, HttpMethod.Post, "/api/v1/activities",
                new { activity_id = "fuel.diesel", amount = 10 + i, unit = "L", date = "2024-03-01", region = "GB" }, HttpStatusCode.Created);
            ids.Add(created.GetProperty("id").GetGuid());
        }

        foreach (var instance in fixture.Instances)
        {
            using var client = instance.Client(token);
            var list = await SendAsync(client, HttpMethod.Get, "/api/v1/activities?limit=100", null, HttpStatusCode.OK);
            var listed = Items(list).Select(a => a.GetProperty("id").GetGuid()).ToHashSet();
            Assert.True(ids.All(listed.Contains), $"{instance.Address} lists {listed.Count} of the {ids.Count} records");
            foreach (var id in ids)
            {
                await SendAsync(client, HttpMethod.Get, $"/api/v1/activities/{id}", null, HttpStatusCode.OK);
            }
        }

        // The file is stored by the instance that took the upload and re-read at commit by another (shared storage).
        using var first = fixture.Instances[0].Client(token);
        using var second = fixture.Instances[1].Client(token);
        using var third = fixture.Instances[2].Client(token);
        var import = await ImportClient.UploadOkAsync(first, Encoding.UTF8.GetBytes(ImportTests.MessyCsv), "energy.csv");
        var importId = import.GetProperty("id").GetString()!;
        var preview = await ImportClient.OkAsync(second, HttpMethod.Get, $"/api/v1/imports/{importId}");
        var valid = preview.GetProperty("summary").GetProperty("valid").GetInt64();
        Assert.True(valid > 0, preview.ToString());
        var commit = await ImportClient.OkAsync(third, HttpMethod.Post, $"/api/v1/imports/{importId}/commit");
        Assert.Equal(valid, commit.GetProperty("stored").GetInt64());
        var records = await ImportClient.CsvAsync(first, $"/api/v1/imports/{importId}/records");
        Assert.Equal(valid + 1, records.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task PrivateFactor_CreatedOnOneInstance_AnsweredByEveryInstanceWithinFiveSeconds()
    {
        var (_, token) = await fixture.TenantAsync("cache");
        var clients = fixture.Instances.Select(i => i.Client(token)).ToList();
        try
        {
            // Every instance holds the tenant's (empty) private factors and settings in memory first.
            var before = new List<double>();
            foreach (var client in clients)
            {
                before.Add((await SendAsync(client, HttpMethod.Post, "/api/v1/factors/resolve", Diesel, HttpStatusCode.OK)).GetProperty("value").GetDouble());
            }

            const double Own = 7.654321;
            Assert.DoesNotContain(Own, before);
            await SendAsync(clients[0], HttpMethod.Post, "/api/v1/private-factors", new { activity_id = "fuel.diesel", unit = "L", kg_co2e_per_unit = Own, name = "own diesel" },
                HttpStatusCode.Created);

            // Each instance would keep its copy for 30 s on its own; the change is announced over Redis.
            var waited = Stopwatch.StartNew();
            var seen = new TimeSpan?[clients.Count];
            while (seen.Any(s => s is null) && waited.Elapsed < TimeSpan.FromSeconds(5))
            {
                for (var i = 0; i < clients.Count; i++)
                {
                    if (seen[i] is null && (await SendAsync(clients[i], HttpMethod.Post, "/api/v1/factors/resolve", Diesel, HttpStatusCode.OK)).GetProperty("value").GetDouble() == Own)
                    {
                        seen[i] = waited.Elapsed;
                    }
                }

                await Task.Delay(50, Ct);
            }

            Report("private factor seen after: " + string.Join(", ", seen.Select((s, i) => $"instance {i}: {s?.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) ?? "never"} ms")));
            Assert.All(seen, s => Assert.NotNull(s));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task RateLimit_ThirtyPerMinute_FortyFiveRequestsOverThreeInstances_ThirtyAdmittedNotNinety()
    {
        var (_, token) = await fixture.TenantAsync("limit");
        // Set before any instance but the first has seen the tenant, so every instance starts with the new limit.
        using (var first = fixture.Instances[0].Client(token))
        {
            var settings = await SendAsync(first, HttpMethod.Put, "/api/v1/settings", new { rate_limit_per_minute = 30 }, HttpStatusCode.OK);
            Assert.Equal(30, settings.GetProperty("effective_rate_limit_per_minute").GetInt32());
        }

        using var balanced = fixture.Client(token);
        var elapsed = Stopwatch.StartNew();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 45; i++)
        {
            using var response = await balanced.PostAsJsonAsync("/api/v1/factors/resolve", Diesel, Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta is { } wait && wait >= TimeSpan.FromSeconds(1), "429 without Retry-After");
            }
        }

        elapsed.Stop();
        var admitted = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.Equal(45, admitted + statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        // One shared bucket of 30, refilled continuously at 30 a minute while the requests ran. Per-instance buckets
        // would have admitted all 45 (15 each).
        var refilled = (int)Math.Floor(elapsed.Elapsed.TotalSeconds * 30 / 60);
        Report($"admitted {admitted} of 45 in {elapsed.Elapsed.TotalSeconds:F1} s (bound 30..{30 + refilled})");
        Assert.InRange(admitted, 30, 30 + refilled);
    }

    [Fact]
    public async Task LicenceVolumeGuard_SixADay_TwelveDistinctFactorsOverThreeInstances_SixFromTheLicensedSource()
    {
        var (_, token) = await fixture.TenantAsync("licence");
        using var balanced = fixture.Client(token);
        var sources = new List<string>();
        for (var year = 2000; year < 2012; year++)
        {
            var answer = await SendAsync(balanced, HttpMethod.Post, "/api/v1/factors/resolve", new { activity = "electricity.grid", region = "GB", year, unit = "kWh" }, HttpStatusCode.OK);
            sources.Add(answer.GetProperty("source").GetString()!);
        }

        // Per-instance counts would have let 12 through (4 per instance); the shared count stops at 6.
        Report($"sources: {string.Join(", ", sources)}");
        Assert.Equal(ScaleOutFixture.LicensedPerDay, sources.Count(s => s == "ecoinvent"));
        Assert.All(sources.Skip(ScaleOutFixture.LicensedPerDay), s => Assert.NotEqual("ecoinvent", s));
    }

    [Fact]
    public async Task GridScheduler_OnInEveryInstance_EachSlotRunOnceAndTheProviderAskedOncePerSlot()
    {
        var runs = new List<(string Job, long Slot, string Instance)>();
        var waited = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(fixture.Database.OwnerConnectionString);
        await connection.OpenAsync(Ct);
        // Every instance ran its first scheduler tick at start; wait for the ingestion and forecast runs to finish.
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            runs.Clear();
            await using var command = new NpgsqlCommand("SELECT job, slot_unix, instance FROM grid_runs WHERE slot_unix IS NOT NULL AND ended_at IS NOT NULL", connection);
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                runs.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
            }

            if (runs.Select(r => r.Job).Distinct().Count() >= 2)
            {
                break;
            }

            await Task.Delay(250, Ct);
        }

        Report($"runs: {string.Join("; ", runs.Select(r => $"{r.Job}@{r.Slot} by {r.Instance}"))}");
        Assert.True(runs.Select(r => r.Job).Distinct().Count() >= 2, "no ingestion and forecast runs within a minute");
        Assert.All(runs.GroupBy(r => (r.Job, r.Slot)), slot => Assert.Single(slot));
        var requests = fixture.Grid.Log.Select(l => l.PathAndQuery).ToList();
        Report($"provider requests: {requests.Count}, distinct: {requests.Distinct(StringComparer.Ordinal).Count()}");
        Assert.NotEmpty(requests);
        Assert.All(requests.GroupBy(r => r, StringComparer.Ordinal), r => Assert.True(r.Count() == 1, $"{r.Key} asked {r.Count()} times"));
    }

    [Fact]
    public async Task Sigkill_UnderLoad_NoAcknowledgedWriteLost_OnlyRequestsToTheKilledInstanceFail()
    {
        var (_, token) = await fixture.TenantAsync("kill");
        await using var victim = await fixture.StartExtraAsync();
        using var balancer = new RoundRobinHandler([.. fixture.Instances.Select(i => i.Address), victim.Address]);
        using var client = RoundRobinHandler.Client(balancer, token);
        var outcomes = new ConcurrentQueue<(Uri Target, HttpStatusCode? Status, Guid? Id, string? Error)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/activities")
                {
                    Content = JsonContent.Create(new { activity_id = "fuel.diesel", amount = 1 + n, unit = "L", date = "2024-03-01", region = "GB", notes = $"w{worker}-{n}" }),
                };
                try
                {
                    using var response = await client.SendAsync(request, CancellationToken.None);
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    Guid? id = response.StatusCode == HttpStatusCode.Created ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid() : null;
                    outcomes.Enqueue((Target(request), response.StatusCode, id, id is null ? body : null));
                }
                catch (HttpRequestException e)
                {
                    outcomes.Enqueue((Target(request), null, null, e.Message));
                }
            }
        })).ToList();

        // Kill mid-load: once the victim has acknowledged some writes.
        await Until(() => outcomes.Count(o => o.Target == victim.Address && o.Status == HttpStatusCode.Created) >= 15, "the victim acknowledged no writes");
        await victim.KillAsync();
        balancer.Remove(victim.Address); // the balancer's health check takes it out
        var atKill = outcomes.Count;
        await Until(() => outcomes.Count >= atKill + 60, "the survivors stopped answering");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var all = outcomes.ToList();
        var failed = all.Where(o => o.Status != HttpStatusCode.Created).ToList();
        var acknowledged = all.Where(o => o.Id is not null).ToList();
        Report($"{all.Count} writes, {acknowledged.Count} acknowledged ({acknowledged.Count(o => o.Target == victim.Address)} by the killed instance), " +
            $"{failed.Count} failed, all routed to the killed instance: {string.Join(" | ", failed.Select(f => f.Error).Distinct().Take(3))}");
        Assert.All(failed, f => Assert.Equal(victim.Address, f.Target));
        Assert.All(failed, f => Assert.Null(f.Status)); // connection errors only: no survivor answered with an error

        using var survivors = fixture.Client(token);
        foreach (var write in acknowledged)
        {
            await SendAsync(survivors, HttpMethod.Get, $"/api/v1/activities/{write.Id}", null, HttpStatusCode.OK);
        }

        var listed = Items(await SendAsync(survivors, HttpMethod.Get, "/api/v1/activities?limit=1000", null, HttpStatusCode.OK)).Select(a => a.GetProperty("id").GetGuid()).ToHashSet();
        Assert.True(acknowledged.All(a => listed.Contains(a.Id!.Value)), "an acknowledged write is missing from the list");
    }

    [Fact]
    public async Task Usage_Sigkill_LosesAtMostOneFlushInterval_Sigterm_LosesNothing()
    {
        var interval = TimeSpan.FromSeconds(2);
        var (crashTenant, crashToken) = await fixture.TenantAsync("crash");
        await using (var victim = await fixture.StartExtraAsync(new Dictionary<string, string> { ["FactorTrace:Usage:FlushInterval"] = "00:00:02" }))
        {
            using var client = victim.Client(crashToken);
            var clock = Stopwatch.StartNew();
            var acknowledged = new List<TimeSpan>();
            while (clock.Elapsed < interval * 3)
            {
                await SendAsync(client, HttpMethod.Post, "/api/v1/factors/resolve", Diesel, HttpStatusCode.OK);
                acknowledged.Add(clock.Elapsed);
            }

            var killedAt = clock.Elapsed;
            await victim.KillAsync();
            var counted = await LookupsAsync(crashToken);
            var lost = acknowledged.Count - counted;
            // A flush drains the counters when it starts, so what it was writing at the kill is lost with it: allow
            // one interval plus a second for that flush.
            var bound = acknowledged.Count(a => a > killedAt - interval - TimeSpan.FromSeconds(1));
            Report($"SIGKILL: {acknowledged.Count} lookups, {counted} metered, {lost} lost (bound {bound}: the lookups of the last flush interval + 1 s)");
            Assert.InRange(lost, 0, bound);
            Assert.True(counted > 0, "nothing was flushed before the kill");
        }

        var (_, stopToken) = await fixture.TenantAsync("stop");
        await using var stopped = await fixture.StartExtraAsync(new Dictionary<string, string> { ["FactorTrace:Usage:FlushInterval"] = "00:05:00" });
        using (var client = stopped.Client(stopToken))
        {
            for (var i = 0; i < 25; i++)
            {
                await SendAsync(client, HttpMethod.Post, "/api/v1/factors/resolve", Diesel, HttpStatusCode.OK);
            }
        }

        Assert.Equal(0, await LookupsAsync(stopToken)); // not flushed yet: only the shutdown can write them
        Assert.Equal(0, await stopped.StopAsync());
        Assert.Equal(25, await LookupsAsync(stopToken));
        Report($"SIGTERM: 25 lookups, 25 metered (crash tenant {crashTenant})");
    }

    [Fact]
    public async Task JsonLogs_RequestLine_CarriesRequestIdTenantAndUser()
    {
        var (tenant, token) = await fixture.TenantAsync("logs");
        var instance = fixture.Instances[2];
        using var client = instance.Client(token);
        using var response = await client.GetAsync(new Uri("/api/v1/activities", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        var me = await SendAsync(client, HttpMethod.Get, "/api/v1/me", null, HttpStatusCode.OK);

        JsonElement? line = null;
        await Until(() => (line = instance.OutputLines().Select(Parse).FirstOrDefault(l => l is { } e && Scope(e, "RequestId") == requestId)) is not null,
            $"no log line of request {requestId}:\n{instance.Output}");
        Assert.Equal(tenant.ToString(), Scope(line!.Value, "TenantId"));
        Assert.Equal($"{me.GetProperty("kind").GetString()}:{me.GetProperty("subject").GetString()}", Scope(line.Value, "User"));
        Assert.Equal("user", me.GetProperty("kind").GetString());
        Assert.DoesNotContain("@", Scope(line.Value, "User"), StringComparison.Ordinal);
    }

    private static JsonElement? Parse(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Scope(JsonElement line, string name) =>
        line.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out _)).Select(s => s.GetProperty(name).ToString()).FirstOrDefault()
            : null;

    private async Task<long> LookupsAsync(string token)
    {
        using var client = fixture.Instances[0].Client(token);
        var usage = await SendAsync(client, HttpMethod.Get, "/api/v1/usage", null, HttpStatusCode.OK);
        return usage.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("meter").GetString() == "factor_lookups").Sum(i => i.GetProperty("quantity").GetInt64());
    }

    private static Uri Target(HttpRequestMessage request) =>
        request.Options.TryGetValue(RoundRobinHandler.Target, out var target) ? target : new Uri("http://unknown/");

    private static JsonElement.ArrayEnumerator Items(JsonElement page) => page.GetProperty("items").EnumerateArray();

    private static async Task Until(Func<bool> condition, string failure)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), failure);
            await Task.Delay(20, Ct);
        }
    }
}
