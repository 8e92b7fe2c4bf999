using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using FactorTrace.Server.Tests.Doubles;

namespace FactorTrace.Server.Tests.ScaleOut;

/// <summary>
/// Three service processes on one PostgreSQL database and one Redis, with a shared imports folder and a shared
/// data-protection keys folder (what <c>deploy/compose.yaml</c> and the Kubernetes manifests share), the grid scheduler on
/// in every instance against an Electricity Maps double, and a round-robin balancer in front. Started once per test class:
/// a process takes several seconds to start.
/// </summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private readonly List<ServiceProcess> _instances = [];

    public PostgresDatabase Database { get; private set; } = null!;

    public RedisProcess Redis { get; private set; } = null!;

    public ElectricityMapsDouble Grid { get; private set; } = null!;

    /// <summary>A licensed remote factor source (ecoinvent's runtime API stand-in), first in the cascade.</summary>
    public StubHttpServer Licensed { get; private set; } = null!;

    /// <summary>How many distinct licensed factors a tenant may receive a day, across all instances.</summary>
    public const int LicensedPerDay = 6;

    /// <summary>The folder that holds the shared imports and keys folders.</summary>
    public string SharedDirectory { get; } = Directory.CreateTempSubdirectory("factortrace-shared-").FullName;

    public IReadOnlyList<ServiceProcess> Instances => _instances;

    /// <summary>The balancer over the three instances.</summary>
    public RoundRobinHandler Balancer { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await PostgresDatabase.CreateAsync();
        Redis = await RedisProcess.StartAsync();
        Grid = await ElectricityMapsDouble.StartAsync(() => TimeProvider.System.GetUtcNow());
        Licensed = await StubHttpServer.StartAsync();
        Licensed.Handler = Remote.RemoteSourceServiceFixture.Answer;
        var now = TimeProvider.System.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        Grid.Zones["DE"] = [.. Enumerable.Range(-72, 73).Select(h => new EmHour(hour.AddHours(h), 300 + h, 250 + h))];
        Grid.Forecasts["DE"] = [.. Enumerable.Range(1, 24).Select(h => new EmHour(hour.AddHours(h), 280 - h, 230 - h))];

        // The first instance migrates the database; the two others then start together, as replicas of a rollout do.
        _instances.Add(await ServiceProcess.StartAsync(Settings("0")));
        _instances.AddRange(await Task.WhenAll(StartAsync("1"), StartAsync("2")));
        Balancer = new RoundRobinHandler(_instances.Select(i => i.Address));
    }

    /// <summary>The settings every instance gets (<paramref name="name"/> tells their logs apart).</summary>
    public Dictionary<string, string> Settings(string name)
    {
        var settings = Database.ServiceSettings();
        settings["FactorTrace:Cache:Redis"] = Redis.ConnectionString;
        settings["FactorTrace:Imports:StorageDirectory"] = Path.Combine(SharedDirectory, "imports");
        settings["FactorTrace:DataProtectionKeysDirectory"] = Path.Combine(SharedDirectory, "keys");
        settings["FactorTrace:Auth:SigningKey"] = _signingKey;
        settings["FactorTrace:Grid:SchedulerEnabled"] = "true";
        settings["FactorTrace:Grid:Zones:0"] = "DE";
        settings["FactorTrace:Grid:ElectricityMaps:BaseUrl"] = Grid.BaseUrl;
        settings["FactorTrace:Grid:ElectricityMaps:ApiKey"] = ElectricityMapsDouble.ApiKey;
        foreach (var (key, value) in Remote.RemoteSourceServiceFixture.Settings(Licensed.Address, Redis.ConnectionString))
        {
            settings[key] = value;
        }

        settings["FactorTrace:RemoteSources:MaxLicensedFactorsPerTenantPerDay"] = LicensedPerDay.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["FactorTrace:Telemetry:ServiceName"] = "factortrace-" + name;
        // Endpoint execution is logged inside the request's scope (request id, tenant, user): the log test reads it.
        settings["Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointMiddleware"] = "Information";
        return settings;
    }

    /// <summary>Starts one more instance on the same database, Redis and shared folders (killed or stopped by the test).</summary>
    public Task<ServiceProcess> StartExtraAsync(IDictionary<string, string>? more = null)
    {
        var settings = Settings("extra");
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return ServiceProcess.StartAsync(settings);
    }

    /// <summary>A client of the balancer.</summary>
    public HttpClient Client(string? token = null) => RoundRobinHandler.Client(Balancer, token);

    /// <summary>Creates a tenant with an admin through the balancer and returns its id and the admin's token.</summary>
    public async Task<(Guid TenantId, string Token)> TenantAsync(string prefix)
    {
        var slug = $"{prefix}-{Guid.NewGuid():N}"[..20];
        using var platform = Client(await _instances[0].TokenAsync());
        var email = $"admin@{slug}.test";
        using var response = await platform.PostAsJsonAsync("/api/v1/tenants",
            new Dictionary<string, string> { ["slug"] = slug, ["name"] = slug, ["admin_email"] = email, ["admin_password"] = ServiceInstance.AdminPassword }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), cancellationToken: TestContext.Current.CancellationToken);
        return (json.RootElement.GetProperty("id").GetGuid(), await _instances[1].TokenAsync(email, ServiceInstance.AdminPassword));
    }

    public async ValueTask DisposeAsync()
    {
        Balancer?.Dispose();
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await (Grid?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (Licensed?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (Redis?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (Database?.DisposeAsync() ?? ValueTask.CompletedTask);
        try
        {
            Directory.Delete(SharedDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process that is going away; the temp folder is cleaned by the system.
        }
    }

    private Task<ServiceProcess> StartAsync(string name) => ServiceProcess.StartAsync(Settings(name));
}
