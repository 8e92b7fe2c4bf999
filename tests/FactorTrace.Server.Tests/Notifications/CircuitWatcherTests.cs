using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Data.Notifications;
using FactorTrace.Data.Tenancy;
using FactorTrace.Resilience;
using FactorTrace.Server.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FactorTrace.Server.Tests.Notifications;

/// <summary>A circuit open longer than the threshold is reported to the platform administrators once per episode (fake clock).</summary>
public sealed class CircuitWatcherTests : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _folder = Directory.CreateTempSubdirectory("ft-watch-").FullName;

    [Fact]
    public async Task OpenLongerThanThreshold_PlatformAdminsNotifiedOncePerEpisode()
    {
        var options = new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "w.db")}" };
        var tenant = Guid.CreateVersion7();
        await using (var owner = DatabaseSetup.CreateContext(options, owner: true, new TenantScope()))
        {
            await owner.Database.MigrateAsync(Ct);
            owner.Tenants.Add(new Tenant { Id = tenant, Slug = "w" + tenant.ToString("N")[..8], Name = "w", CreatedAt = DateTime.UnixEpoch });
            owner.Users.Add(new User { Id = Guid.CreateVersion7(), TenantId = tenant, Email = "root@platform.test", Role = Roles.Admin, PlatformAdmin = true, SecurityStamp = Guid.NewGuid() });
            owner.Users.Add(new User { Id = Guid.CreateVersion7(), TenantId = tenant, Email = "admin@tenant.test", Role = Roles.Admin, SecurityStamp = Guid.NewGuid() });
            await owner.SaveChangesAsync(Ct);
        }

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 6, 0, 0, TimeSpan.Zero));
        var resilience = new ResilienceOptions();
        resilience.Dependencies["smtp"] = new DependencyOptions { MaxRetries = 0, MinimumThroughput = 2, BreakDuration = TimeSpan.FromMinutes(1) };
        var registry = new DependencyRegistry(Options.Create(resilience), time);
        var smtp = registry.Get("smtp", DependencyKind.RemoteApi);
        var email = new EmailOptions { CircuitOpenAlertAfter = TimeSpan.FromMinutes(10) };
        var watcher = new CircuitWatcher(registry, new SystemDbFactory(Options.Create(options)), new FixedOptions<EmailOptions>(email), time, NullLogger<CircuitWatcher>.Instance);

        await FailAsync(smtp);
        Assert.True(smtp.IsOpen);
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await watcher.CheckAsync(Ct));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await watcher.CheckAsync(Ct));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await watcher.CheckAsync(Ct)); // Same episode: once.

        await using (var check = DatabaseSetup.CreateContext(options, owner: true, new TenantScope()))
        {
            var message = await check.OutboxMessages.IgnoreQueryFilters().SingleAsync(Ct);
            Assert.Equal(("root@platform.test", NotificationKinds.DependencyDown), (message.Recipient, message.Kind));
            Assert.Contains("smtp", message.Subject, StringComparison.Ordinal);
        }

        // The probe after the break fails: a new episode, reported again once it has lasted long enough.
        await FailAsync(smtp);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await watcher.CheckAsync(Ct));
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static async Task FailAsync(Dependency dependency)
    {
        for (var i = 0; i < 3; i++)
        {
            await dependency.ExecuteAsync<bool, int>((_, _) => throw new IOException("Connection refused"), 0, Ct);
        }
    }
}
