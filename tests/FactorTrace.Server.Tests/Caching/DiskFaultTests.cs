using System.Diagnostics;
using FactorTrace.Caching;
using Microsoft.Extensions.Time.Testing;

namespace FactorTrace.Server.Tests.Caching;

/// <summary>The disk layer on a real, tiny tmpfs: full, and remounted read-only. Needs root (CI runs as root).</summary>
public sealed class DiskFaultTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly string _mount = Directory.CreateTempSubdirectory("factortrace-tmpfs-").FullName;
    private bool _mounted;

    public ValueTask InitializeAsync()
    {
        _mounted = Run("mount", $"-t tmpfs -o size=64k tmpfs {_mount}");
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (_mounted)
        {
            Run("umount", _mount);
        }

        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task DiskFull_WritesPauseWithoutErrors_AnswersStayCorrect()
    {
        SkipUnlessMounted();
        await using var cache = CacheFixtures.Create(_time, _mount);
        var big = new string('x', 6000);

        for (var i = 0; i < 60; i++)
        {
            var result = await cache.GetOrAddAsync($"ns:{i}", CacheFixtures.Value(big + i), TestContext.Current.CancellationToken);
            Assert.Equal(big + i, result.Value!.Value);
        }

        Assert.Contains(cache.Layers, l => l.Layer == "l3" && l.Status == "read_only");
        Assert.True(cache.Stats.Snapshot().Layers.Single(l => l.Layer == "l3").Errors >= 1);
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(big + i, (await cache.GetOrAddAsync($"ns:{i}", CacheFixtures.SourceDown, TestContext.Current.CancellationToken)).Value!.Value);
        }

        Assert.Empty(Directory.EnumerateFiles(_mount, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ReadOnlyDisk_ExistingEntriesServed_NewOnesStillAnswered()
    {
        SkipUnlessMounted();
        await using (var writer = CacheFixtures.Create(_time, _mount))
        {
            for (var i = 0; i < 5; i++)
            {
                await writer.GetOrAddAsync($"ns:{i}", CacheFixtures.Value("v" + i), TestContext.Current.CancellationToken);
            }
        }

        Assert.True(Run("mount", $"-o remount,ro {_mount}"));
        await using var cache = CacheFixtures.Create(_time, _mount);

        for (var i = 0; i < 5; i++)
        {
            var hit = await cache.GetOrAddAsync($"ns:{i}", CacheFixtures.SourceDown, TestContext.Current.CancellationToken);
            Assert.Equal((CacheLayer.L3, "v" + i), (hit.Layer, hit.Value!.Value));
        }

        var fresh = await cache.GetOrAddAsync("ns:new", CacheFixtures.Value("computed"), TestContext.Current.CancellationToken);
        Assert.Equal("computed", fresh.Value!.Value);
        Assert.Equal(CacheLayer.L1, (await cache.GetOrAddAsync("ns:new", CacheFixtures.SourceDown, TestContext.Current.CancellationToken)).Layer);
        Assert.Contains(cache.Layers, l => l.Layer == "l3" && l.Status == "read_only");
    }

    private static bool Run(string command, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private void SkipUnlessMounted()
    {
        if (!_mounted)
        {
            Assert.True(Environment.GetEnvironmentVariable("FACTORTRACE_REQUIRE_MOUNT") != "1", "mounting a tmpfs is required (FACTORTRACE_REQUIRE_MOUNT=1) but failed");
            Assert.Skip("mounting a tmpfs needs root; CI runs as root");
        }
    }
}
