using System.Diagnostics;
using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Data.Notifications;
using FactorTrace.Data.Tenancy;
using FactorTrace.Server.Tests.Doubles;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Tests.Notifications;

/// <summary>
/// The service as an OS process killed with SIGKILL in the middle of delivering 400 e-mails, then started again:
/// nothing is lost, and the messages sent twice are at most the one the sender had in flight (the documented bound).
/// </summary>
public sealed class OutboxCrashTests
{
    private const int Total = 400;

    /// <summary>One sender, one message in flight: at most one delivered twice after a crash.</summary>
    private const int DuplicateBound = 1;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KilledMidRun_RestartDeliversEverything_AtMostTheInFlightMessageTwice()
    {
        await using var smtp = SmtpServerDouble.Start();
        smtp.AcceptDelay = TimeSpan.FromMilliseconds(10);
        var settings = new Dictionary<string, string>
        {
            ["FactorTrace:Email:Enabled"] = "true",
            ["FactorTrace:Email:Host"] = "127.0.0.1",
            ["FactorTrace:Email:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FactorTrace:Email:Security"] = "None",
            ["FactorTrace:Email:From"] = "FactorTrace <noreply@factortrace.test>",
            ["FactorTrace:Email:PollInterval"] = "00:00:00.050",
            ["FactorTrace:Email:LeaseDuration"] = "00:00:10",
            ["FactorTrace:Resilience:Dependencies:smtp:Timeout"] = "00:00:05",
            ["FactorTrace:Email:RetryDelay"] = "00:00:00.050",
            ["FactorTrace:Email:MaxRetryDelay"] = "00:00:00.500",
        };
        var first = await ServiceProcess.StartAsync(settings);
        var directory = first.DataDirectory;
        try
        {
            await SeedAsync(directory);
            await WaitAsync(() => smtp.Messages.Count >= Total / 4, TimeSpan.FromSeconds(60), "a quarter delivered");
            await first.KillAsync();
            var beforeRestart = smtp.CountsById().Count;
            Assert.True(beforeRestart < Total, "killed before the end of the run");

            await using var second = await ServiceProcess.StartAsync(settings, directory);
            await WaitAsync(() => smtp.CountsById().Count >= Total, TimeSpan.FromSeconds(90), "every message delivered after the restart");
            await WaitAsync(() => UnsentAsync(directory).GetAwaiter().GetResult() == 0, TimeSpan.FromSeconds(30), "every message marked sent");
        }
        finally
        {
            await first.DisposeAsync();
        }

        var counts = smtp.CountsById();
        Assert.Equal(Total, counts.Count);
        var duplicates = counts.Values.Sum(c => c - 1);
        TestContext.Current.SendDiagnosticMessage($"kill -9 mid-run: {Total} delivered, {duplicates} duplicate(s)");
        Assert.InRange(duplicates, 0, DuplicateBound);
    }

    private static DatabaseOptions Database(string directory) => new() { ConnectionString = DataDirectory.SqliteConnectionString(directory) };

    private static async Task SeedAsync(string directory)
    {
        await using var owner = DatabaseSetup.CreateContext(Database(directory), owner: true, new TenantScope());
        var tenant = await owner.Users.IgnoreQueryFilters().Where(u => u.Email == ServiceInstance.AdminEmail).Select(u => u.TenantId).SingleAsync(Ct);
        for (var i = 0; i < 9; i++)
        {
            owner.Users.Add(new User { Id = Guid.CreateVersion7(), TenantId = tenant, Email = $"admin{i}@crash.test", Role = Roles.Admin, CreatedAt = DateTime.UnixEpoch, SecurityStamp = Guid.NewGuid() });
        }

        await owner.SaveChangesAsync(Ct);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-1);
        for (var i = 0; i < Total / 10; i++)
        {
            Assert.Equal(10, await Outbox.EnqueueAsync(owner, tenant, new Notification(NotificationKinds.ReportReady, $"Report {i}", $"Report {i} is ready."), now, Ct));
        }

        await owner.SaveChangesAsync(Ct);
    }

    private static async Task<int> UnsentAsync(string directory)
    {
        await using var owner = DatabaseSetup.CreateContext(Database(directory), owner: true, new TenantScope());
        return await owner.OutboxMessages.IgnoreQueryFilters().CountAsync(m => m.State != OutboxStates.Sent, Ct);
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < timeout, $"timed out waiting for: {what}");
            await Task.Delay(20, Ct);
        }
    }
}
