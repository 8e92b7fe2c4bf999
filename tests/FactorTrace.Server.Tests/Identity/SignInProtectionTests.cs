using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FactorTrace.Server.Tests.Identity;

/// <summary>
/// Sign-in on its own service with a fake clock: the per-address limit that a valid token does not lift, the per-account
/// lockout with a cool-down, and the trace failures leave (tenant audit log and platform security log).
/// </summary>
public sealed class SignInProtectionTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private ServiceInstance _service = null!;

    public async ValueTask InitializeAsync() => _service = await ServiceInstance.StartAsync(
        new Dictionary<string, string> { ["FactorTrace:RateLimits:SignInPerMinute"] = "100000" },
        b => b.Services.AddSingleton<TimeProvider>(_time));

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task WrongPasswords_LockTheAccountForACoolDown_ThenItOpensAgain()
    {
        var slug = "lk-" + Guid.NewGuid().ToString("N")[..8];
        var (tenantId, adminToken) = await _service.CreateTenantAsync(slug);
        var email = $"admin@{slug}.test";
        using var admin = _service.Client(adminToken);
        using var platform = _service.Client(await _service.TokenAsync());
        for (var i = 1; i <= 5; i++)
        {
            var (status, _) = await SignInAsync(email, "a wrong but long guess " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }

        // Locked: even the right password is refused, with the time to wait.
        var (locked, problem) = await SignInAsync(email, ServiceInstance.AdminPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked);
        Assert.Equal("too_many_attempts", problem.GetProperty("code").GetString());
        Assert.InRange(problem.GetProperty("retry_after").GetInt32(), 1, 60);

        // An e-mail without an account answers exactly the same way, so lockout is no oracle.
        var ghost = $"ghost@{slug}.test";
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(ghost, "a wrong but long guess " + i)).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(ghost, "a wrong but long guess 6")).Status);

        // A cool-down, not a permanent lock.
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(email, ServiceInstance.AdminPassword)).Status);

        // The tenant's auditors see the failures and the lock; the platform sees them in its security log.
        var audit = await admin.GetStringAsync("/api/v1/audit-events?limit=100", Ct);
        Assert.Contains("auth.sign_in_failed", audit, StringComparison.Ordinal);
        Assert.Contains("auth.locked_out", audit, StringComparison.Ordinal);
        var failures = await ServiceInstance.SecurityEventsAsync(platform, "auth.sign_in_failed", e => e.GetProperty("resource_id").GetString() == email, 5);
        Assert.Equal(5, failures.Count);
        var lockouts = await ServiceInstance.SecurityEventsAsync(platform, "auth.locked_out", e => e.GetProperty("target_tenant_id").GetString() == tenantId.ToString(), 1);
        Assert.Single(lockouts);
    }

    [Fact]
    public async Task Token_CheckedOnTheServiceClock_ValidThroughItsLife_RefusedAfterIt()
    {
        _time.Advance(TimeSpan.FromDays(2));
        using var client = _service.Client(await _service.TokenAsync());

        // Issued two days ahead of the wall clock: the service's own clock says it is valid.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users", Ct)).StatusCode);
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users", Ct)).StatusCode);

        // Past its hour and the 30 s skew: refused, although the wall clock is still far before its expiry.
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task SignInLimit_PerClientAddress_AValidTokenDoesNotLiftIt()
    {
        await using var service = await ServiceInstance.StartAsync(new Dictionary<string, string> { ["FactorTrace:RateLimits:SignInPerMinute"] = "20" });
        var token = await service.TokenAsync();
        using var withToken = service.Client(token);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            using var response = await withToken.PostAsJsonAsync("/api/v1/auth/token", new { email = $"spray{i}@nowhere.test", password = "a guess that is long enough" }, Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(statuses.Count(s => s == HttpStatusCode.Unauthorized) <= 20, string.Join(",", statuses));

        // The tenant's own API traffic is not the sign-in bucket.
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync("/api/v1/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task MetricsPort_ServesMetricsThere_AndNothingOnTheMainPort()
    {
        var port = FreePort();
        await using var service = await ServiceInstance.StartAsync(new Dictionary<string, string> { ["FactorTrace:Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var main = service.Client(await service.TokenAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await main.GetAsync("/metrics", Ct)).StatusCode);
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Contains("factortrace_", await scraper.GetStringAsync("/metrics", Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("/api/v1/sources", Ct)).StatusCode);
    }

    [Fact]
    public async Task Metrics_ScrapeToken_Served()
    {
        await using var service = await ServiceInstance.StartAsync(new Dictionary<string, string> { ["FactorTrace:Metrics:ScrapeToken"] = "scrape-token-0123456789abcdef" });
        using var scraper = service.Client("scrape-token-0123456789abcdef");
        Assert.Contains("factortrace_", await scraper.GetStringAsync("/metrics", Ct), StringComparison.Ordinal);
        using var wrong = service.Client("scrape-token-0123456789abcdeX");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/metrics", Ct)).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SignInAsync(string email, string password)
    {
        using var client = _service.Client();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone());
    }
}

/// <summary>Two instances behind one database and one Redis: a change on one ends the old token on the other at once.</summary>
public sealed class CrossInstanceRevocationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UserDemotedOnOneInstance_TokenRefusedOnTheOtherAtOnce()
    {
        await using var redis = await Doubles.RedisProcess.StartAsync();
        await using var database = await PostgresDatabase.CreateAsync();
        var shared = database.ServiceSettings();
        shared["FactorTrace:Cache:Redis"] = redis.ConnectionString;
        shared["FactorTrace:Auth:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        // Long enough that only the backplane can explain an immediate refusal.
        shared["FactorTrace:Auth:CredentialCheckSeconds"] = "300";
        await using var one = await ServiceInstance.StartAsync(shared);
        await using var two = await ServiceInstance.StartAsync(shared);

        using var adminOne = one.Client(await one.TokenAsync());
        var email = $"roamer-{Guid.NewGuid():N}@default.test";
        using (var created = await adminOne.PostAsJsonAsync("/api/v1/users", new { email, password = "a long enough password", role = "editor" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var id = JsonDocument.Parse(await (await adminOne.GetAsync("/api/v1/users", Ct)).Content.ReadAsStringAsync(Ct)).RootElement
            .EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();
        using var onTwo = two.Client(await two.TokenAsync(email, "a long enough password"));
        Assert.Equal(HttpStatusCode.OK, (await onTwo.GetAsync("/api/v1/activities", Ct)).StatusCode);

        using (var demote = await adminOne.PatchAsJsonAsync($"/api/v1/users/{id}", new { disabled = true }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        }

        // Pub/sub delivery is asynchronous: allow it a moment, far below the 300 s the cache would otherwise keep.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            status = (await onTwo.GetAsync("/api/v1/activities", Ct)).StatusCode;
        }
        while (status == HttpStatusCode.OK && waited.Elapsed < TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
