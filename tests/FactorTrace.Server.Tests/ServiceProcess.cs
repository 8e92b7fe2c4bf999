using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace FactorTrace.Server.Tests;

/// <summary>
/// The service as its own operating-system process (the built <c>FactorTrace.Server.dll</c>) on 127.0.0.1, for what an
/// in-process <see cref="ServiceInstance"/> cannot show: several instances on one database, SIGKILL, a clean SIGTERM stop.
/// Settings go in as environment variables (<c>FactorTrace__Section__Key</c>), the way the container images take them.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly bool _ownsDataDirectory;

    private ServiceProcess(Process process, Uri address, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        Address = address;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The instance's base address (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri Address { get; }

    /// <summary>The instance's own data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The operating-system process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote to stdout and stderr (for failure messages).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The last lines the process wrote, one by one.</summary>
    public IReadOnlyList<string> OutputLines() => [.. _output];

    /// <summary>
    /// Starts the service with the tests' defaults (bootstrap admin, datasets, grid scheduler off) and
    /// <paramref name="settings"/> (keys as in configuration, <c>FactorTrace:Database:Provider</c>), then waits until
    /// <c>/health/ready</c> answers 200.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(IDictionary<string, string>? settings = null, string? dataDirectory = null, bool waitReady = true)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("factortrace-process-").FullName;
        var port = FreePort();
        var all = new Dictionary<string, string>
        {
            ["FactorTrace:DataDirectory"] = dataDirectory,
            ["FactorTrace:Datasets:Path"] = TestEnvironment.DatasetsPath,
            ["FactorTrace:Bootstrap:AdminEmail"] = ServiceInstance.AdminEmail,
            ["FactorTrace:Bootstrap:AdminPassword"] = ServiceInstance.AdminPassword,
            ["FactorTrace:RateLimits:SignInPerMinute"] = "100000",
            ["FactorTrace:Grid:IngestDatasetHistory"] = "false",
            ["FactorTrace:Grid:SchedulerEnabled"] = "false",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServerAssembly());
        foreach (var (key, value) in all)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var instance = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), dataDirectory, owns);
        if (waitReady)
        {
            await instance.WaitReadyAsync();
        }

        return instance;
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200 (at most two minutes); fails the test when the process ends first.</summary>
    public async Task WaitReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"the service process exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested))
            {
                // Not listening yet.
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"the service process was not ready within two minutes:\n{Output}");
    }

    /// <summary>A client of this instance, with a bearer token or an API key when given.</summary>
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

    /// <summary>An access token for a user of this instance (the bootstrap admin by default).</summary>
    public async Task<string> TokenAsync(string email = ServiceInstance.AdminEmail, string password = ServiceInstance.AdminPassword)
    {
        using var client = Client();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), cancellationToken: TestContext.Current.CancellationToken);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>SIGKILL: the process ends at once, with no shutdown work (nothing flushed, no request finished).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>SIGTERM, as an orchestrator stops a container: the host's clean shutdown runs; waits up to 30 s for the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await signal.WaitForExitAsync(TestContext.Current.CancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
            }
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a dying child process; the temp folder is cleaned by the system.
            }
        }
    }

    /// <summary>The built server assembly of this configuration (scripts/test.sh builds the whole solution first).</summary>
    private static string ServerAssembly()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(TestEnvironment.RepositoryRoot, "src", "FactorTrace.Server", "bin", configuration, "net10.0", "FactorTrace.Server.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the solution (dotnet build FactorTrace.slnx -c {configuration}) first.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }
}
