using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FactorTrace.Server.Tests.Doubles;

/// <summary>
/// A real redis-server of the test's own on 127.0.0.1 (Debian's package; <c>scripts/test.sh</c> installs it), which a
/// failure drill can kill, restart on the same port, freeze (SIGSTOP) and thaw (SIGCONT).
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private Process? _process;

    private RedisProcess(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The redis-server binary, or null (the test is skipped unless FACTORTRACE_REQUIRE_REDIS=1, then it fails).</summary>
    public static string? Binary =>
        new[] { Environment.GetEnvironmentVariable("FACTORTRACE_REDIS_SERVER"), "/usr/bin/redis-server", "/usr/local/bin/redis-server" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public static async Task<RedisProcess> StartAsync()
    {
        if (Binary is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("FACTORTRACE_REQUIRE_REDIS") != "1", "redis-server is required (FACTORTRACE_REQUIRE_REDIS=1) but was not found");
            Assert.Skip("redis-server is not installed; scripts/test.sh installs it");
        }

        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var redis = new RedisProcess(port);
        await redis.StartProcessAsync();
        return redis;
    }

    public async Task StartProcessAsync()
    {
        _process = Process.Start(new ProcessStartInfo(Binary!, $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no --protected-mode no --loglevel warning")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, TestContext.Current.CancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on {Port}");
    }

    public void Kill()
    {
        _process?.Kill(entireProcessTree: true);
        _process?.WaitForExit();
        _process?.Dispose();
        _process = null;
    }

    public void Freeze() => Signal("STOP");

    public void Thaw() => Signal("CONT");

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            Thaw();
        }

        Kill();
        await Task.CompletedTask;
    }

    private void Signal(string signal)
    {
        if (_process is not { } p)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {p.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {p.Id} failed");
        }
    }
}
