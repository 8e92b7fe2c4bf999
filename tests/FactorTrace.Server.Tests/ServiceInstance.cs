using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FactorTrace.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactorTrace.Server.Tests;

/// <summary>The whole service started in-process on Kestrel at 127.0.0.1 (a free port), with its own data directory.</summary>
public sealed class ServiceInstance : IAsyncDisposable
{
    public const string AdminEmail = "admin@default.test";
    public const string AdminPassword = "correct horse battery staple";

    private readonly WebApplication _app;

    private ServiceInstance(WebApplication app, Uri address, string dataDirectory)
    {
        _app = app;
        Address = address;
        DataDirectory = dataDirectory;
    }

    public Uri Address { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ServiceInstance> StartAsync(IDictionary<string, string>? settings = null, Action<WebApplicationBuilder>? configure = null, bool waitReady = true)
    {
        var (app, dataDirectory) = Build(settings, configure);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var instance = new ServiceInstance(app, new Uri(app.Urls.First()), dataDirectory);
        if (waitReady)
        {
            await instance.WaitReadyAsync();
        }

        return instance;
    }

    /// <summary>The service configured as the tests run it (own data directory, bootstrap admin), not yet started.</summary>
    public static (WebApplication App, string DataDirectory) Build(IDictionary<string, string>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("factortrace-test-").FullName;
        var all = new Dictionary<string, string>
        {
            ["FactorTrace:DataDirectory"] = dataDirectory,
            ["FactorTrace:Datasets:Path"] = TestEnvironment.DatasetsPath,
            ["FactorTrace:Bootstrap:AdminEmail"] = AdminEmail,
            ["FactorTrace:Bootstrap:AdminPassword"] = AdminPassword,
            // Tests sign in far more often than people do; the sign-in limit has its own test.
            ["FactorTrace:RateLimits:SignInPerMinute"] = "100000",
            ["urls"] = "http://127.0.0.1:0",
            // Most tests have nothing to do with grid history; the grid tests switch it on.
            ["FactorTrace:Grid:IngestDatasetHistory"] = "false",
            ["FactorTrace:Grid:SchedulerEnabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var app = ServiceHost.Build([.. all.Select(kv => $"--{kv.Key}={kv.Value}")], b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            configure?.Invoke(b);
        });
        return (app, dataDirectory);
    }

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public HttpClient Client(string? token = null, string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public async Task<string> TokenAsync(string email = AdminEmail, string password = AdminPassword)
    {
        using var client = Client();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), cancellationToken: TestContext.Current.CancellationToken);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A new tenant with a unique slug starting with <paramref name="prefix"/>, and a client signed in as its admin.</summary>
    public async Task<(string Slug, HttpClient Admin)> TenantAdminAsync(string prefix)
    {
        var slug = $"{prefix}-{Guid.NewGuid():N}"[..16];
        var (_, token) = await CreateTenantAsync(slug);
        return (slug, Client(token));
    }

    /// <summary>Creates a tenant with an admin (as the bootstrap platform admin) and returns the new admin's token.</summary>
    public async Task<(Guid TenantId, string Token)> CreateTenantAsync(string slug)
    {
        using var platform = Client(await TokenAsync());
        var email = $"admin@{slug}.test";
        using var response = await platform.PostAsJsonAsync("/api/v1/tenants",
            new Dictionary<string, string> { ["slug"] = slug, ["name"] = slug, ["admin_email"] = email, ["admin_password"] = AdminPassword }, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), cancellationToken: TestContext.Current.CancellationToken);
        return (json.RootElement.GetProperty("id").GetGuid(), await TokenAsync(email, AdminPassword));
    }

    /// <summary>
    /// The platform security log's events of a kind that match, once at least <paramref name="expected"/> are there (the
    /// log is written in the background; this polls for up to ten seconds, then returns what there is).
    /// </summary>
    public static async Task<List<JsonElement>> SecurityEventsAsync(HttpClient platformAdmin, string kind, Func<JsonElement, bool> match, int expected)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var events = await platformAdmin.GetFromJsonAsync<JsonElement>($"/api/v1/platform/security-events?limit=1000&kind={kind}", TestContext.Current.CancellationToken);
            var found = events.EnumerateArray().Where(match).Select(e => e.Clone()).ToList();
            if (found.Count >= expected || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                return found;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private async Task WaitReadyAsync()
    {
        using var client = Client();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        string last = "";
        while (waited.Elapsed < TimeSpan.FromSeconds(120))
        {
            using var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            last = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("The service did not become ready: " + last);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
