using System.Diagnostics;
using System.Diagnostics.Metrics;
using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Data.Notifications;
using FactorTrace.Data.Tenancy;
using FactorTrace.Resilience;
using FactorTrace.Server.Notifications;
using FactorTrace.Server.Tests.Doubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tests.Notifications;

/// <summary>
/// The outbox on a real database and a real SMTP server (<see cref="SmtpServerDouble"/>): recipients are the event's
/// tenant's users who want the kind; messages are stored with the event's transaction or not at all; 1,000 messages
/// sent by two senders while the server goes down for part of the run are each delivered exactly once; a server that
/// never answers parks messages as failed after the configured attempts.
/// </summary>
public abstract class OutboxTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly Guid _tenant = Guid.CreateVersion7();
    private readonly Guid _other = Guid.CreateVersion7();
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private TestDatabase _database = null!;
    private DatabaseOptions _options = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _options = _database.Options;
        await using var owner = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope());
        var at = new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc);
        owner.Tenants.Add(new Tenant { Id = _tenant, Slug = "n" + _tenant.ToString("N")[..8], Name = "mine", CreatedAt = at });
        owner.Tenants.Add(new Tenant { Id = _other, Slug = "o" + _other.ToString("N")[..8], Name = "other", CreatedAt = at });
        await owner.SaveChangesAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _meters.DisposeAsync();
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Enqueue_GoesToTheTenantsUsersWhoWantIt_NeverToAnotherTenant()
    {
        var admin = await AddUserAsync(_tenant, "admin@mine.test", Roles.Admin);
        var optedOut = await AddUserAsync(_tenant, "quiet-admin@mine.test", Roles.Admin);
        var viewer = await AddUserAsync(_tenant, "viewer@mine.test", Roles.Viewer);
        var optedIn = await AddUserAsync(_tenant, "keen-viewer@mine.test", Roles.Viewer);
        await AddUserAsync(_other, "admin@other.test", Roles.Admin);
        await using (var db = Context(_tenant))
        {
            db.NotificationPreferences.Add(new NotificationPreference { TenantId = _tenant, UserId = optedOut, Kind = NotificationKinds.ReportReady, Enabled = false });
            db.NotificationPreferences.Add(new NotificationPreference { TenantId = _tenant, UserId = optedIn, Kind = NotificationKinds.ReportReady, Enabled = true });
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = Context(_tenant))
        {
            var count = await Outbox.EnqueueAsync(db, _tenant, new Notification(NotificationKinds.ReportReady, "Report ready", "Your report is ready."), DateTime.UnixEpoch, Ct);
            Assert.Equal(2, count);
            await db.SaveChangesAsync(Ct);
        }

        await using var check = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope());
        var messages = await check.OutboxMessages.IgnoreQueryFilters().ToListAsync(Ct);
        Assert.Equal(["admin@mine.test", "keen-viewer@mine.test"], messages.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(messages, m => Assert.Equal(_tenant, m.TenantId));
        Assert.All(messages, m => Assert.Equal(OutboxStates.Pending, m.State));
        Assert.Equal(2, messages.Select(m => m.MessageId).Distinct().Count());
        Assert.All(messages, m => Assert.Contains("Your report is ready.", m.HtmlBody, StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.UserId == viewer);
        Assert.Contains(messages, m => m.UserId == admin);
    }

    [Fact]
    public async Task Enqueue_EventRolledBack_NoMessage()
    {
        await AddUserAsync(_tenant, "admin@mine.test", Roles.Admin);
        await using (var db = Context(_tenant))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            db.AuditEvents.Add(Data.Audit.AuditEvent.Create(TimeProvider.System, _tenant, "test", "test.event", "test", "1", null));
            await Outbox.EnqueueAsync(db, _tenant, new Notification(NotificationKinds.ImportFinished, "s", "t"), DateTime.UnixEpoch, Ct);
            await db.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }

        await using var check = Context(_tenant);
        Assert.Equal(0, await check.OutboxMessages.CountAsync(Ct));
        Assert.Equal(0, await check.AuditEvents.CountAsync(Ct));
    }

    [Fact]
    public async Task ThousandMessages_TwoSenders_ServerDownForPartOfTheRun_EachDeliveredExactlyOnce()
    {
        for (var i = 0; i < 10; i++)
        {
            await AddUserAsync(_tenant, $"admin{i}@mine.test", Roles.Admin);
        }

        await using (var db = Context(_tenant))
        {
            for (var i = 0; i < 100; i++)
            {
                await Outbox.EnqueueAsync(db, _tenant, new Notification(NotificationKinds.CalculationFinished, $"Run {i}", $"Run {i} finished."), TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-1), Ct);
            }

            await db.SaveChangesAsync(Ct);
        }

        await using var smtp = SmtpServerDouble.Start();
        var email = Settings(smtp, maxAttempts: 1000);
        var first = Sender(email, minimumThroughput: 4);
        var second = Sender(email, minimumThroughput: 4);
        await first.StartAsync(Ct);
        await second.StartAsync(Ct);
        try
        {
            await WaitAsync(() => smtp.Messages.Count >= 200, TimeSpan.FromSeconds(60), "200 delivered before the outage");
            smtp.Down();
            await Task.Delay(TimeSpan.FromSeconds(2), Ct); // The outage (a real server down for a while, not logic timing).
            var duringOutage = smtp.Messages.Count;
            smtp.Up();
            await WaitAsync(() => smtp.CountsById().Count >= 1000, TimeSpan.FromSeconds(120), "all 1000 delivered after the outage");
            Assert.True(duringOutage < 1000, "the outage came before the end of the run");
        }
        finally
        {
            await first.StopAsync(CancellationToken.None);
            await second.StopAsync(CancellationToken.None);
        }

        var counts = smtp.CountsById();
        Assert.Equal(1000, counts.Count);
        Assert.All(counts, c => Assert.Equal(1, c.Value));
        await using var check = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope());
        var stored = await check.OutboxMessages.IgnoreQueryFilters().AsNoTracking().ToListAsync(Ct);
        Assert.All(stored, m => Assert.Equal(OutboxStates.Sent, m.State));
        Assert.Equal(stored.Select(m => m.MessageId).Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        // The open circuit gives claims back without counting attempts, so no message used more than a few.
        Assert.True(stored.Max(m => m.Attempts) < 50, $"at most {stored.Max(m => m.Attempts)} attempts");
        var sample = smtp.Messages.First().Data;
        Assert.Contains("multipart/alternative", sample, StringComparison.Ordinal);
        Assert.Contains("text/html", sample, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerNeverAnswers_ParkedAsFailedAfterMaxAttempts()
    {
        await AddUserAsync(_tenant, "admin@mine.test", Roles.Admin);
        await using (var db = Context(_tenant))
        {
            await Outbox.EnqueueAsync(db, _tenant, new Notification(NotificationKinds.ImportFailed, "s", "t"), TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-1), Ct);
            await db.SaveChangesAsync(Ct);
        }

        await using var smtp = SmtpServerDouble.Start();
        smtp.Down();
        var sender = Sender(Settings(smtp, maxAttempts: 3), minimumThroughput: 1000);
        Assert.Equal(1, await sender.RunOnceAsync(Ct));
        await sender.StartAsync(Ct);
        try
        {
            await WaitAsync(() => StateAsync().GetAwaiter().GetResult() == OutboxStates.Failed, TimeSpan.FromSeconds(30), "parked as failed");
        }
        finally
        {
            await sender.StopAsync(CancellationToken.None);
        }

        await using var check = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope());
        var message = await check.OutboxMessages.IgnoreQueryFilters().SingleAsync(Ct);
        Assert.Equal(3, message.Attempts);
        Assert.False(string.IsNullOrEmpty(message.LastError));
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task CreditCharge_CrossingTheLowMark_NotifiesOnceInTheChargesTransaction()
    {
        await AddUserAsync(_tenant, "admin@mine.test", Roles.Admin);
        await using var db = Context(_tenant);
        var ledger = new Data.Usage.CreditLedger(db, TimeProvider.System, lowMarkMillis: 10_000);
        await ledger.BalanceAsync(_tenant, 12_000, Ct);
        Assert.True((await ledger.TryChargeAsync(_tenant, "reports", 1, 1_000, "test", "above the mark", null, Ct)).Charged);
        Assert.Equal(0, await db.OutboxMessages.CountAsync(Ct));
        Assert.True((await ledger.TryChargeAsync(_tenant, "reports", 1, 2_000, "test", "crosses the mark", null, Ct)).Charged);
        Assert.True((await ledger.TryChargeAsync(_tenant, "reports", 1, 1_000, "test", "already below", null, Ct)).Charged);
        var message = await db.OutboxMessages.AsNoTracking().SingleAsync(Ct);
        Assert.Equal(NotificationKinds.CreditsLow, message.Kind);
        Assert.Contains("The credit balance is 9, below the low mark of 10.", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_DoublesPerFailure_CappedAndJittered()
    {
        var settings = new EmailOptions { RetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromSeconds(60) };
        for (var i = 0; i < 100; i++)
        {
            var first = OutboxSender.Backoff(1, settings);
            Assert.InRange(first, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
            Assert.InRange(OutboxSender.Backoff(3, settings), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40));
            Assert.InRange(OutboxSender.Backoff(30, settings), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>A fresh migrated database on this provider.</summary>
    protected abstract Task<TestDatabase> CreateDatabaseAsync();


    private static EmailOptions Settings(SmtpServerDouble smtp, int maxAttempts) => new()
    {
        Enabled = true,
        Host = "127.0.0.1",
        Port = smtp.Port,
        Security = "None",
        From = "FactorTrace <noreply@factortrace.test>",
        MaxAttempts = maxAttempts,
        PollInterval = TimeSpan.FromMilliseconds(20),
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(300),
        LeaseDuration = TimeSpan.FromSeconds(30),
        BatchSize = 50,
    };

    private OutboxSender Sender(EmailOptions email, int minimumThroughput)
    {
        var database = Options.Create(_options);
        var resilience = new ResilienceOptions();
        resilience.Dependencies[EmailOptions.DependencyName] = new DependencyOptions
        {
            MaxRetries = 0,
            Timeout = TimeSpan.FromSeconds(5),
            BreakDuration = TimeSpan.FromMilliseconds(500),
            MinimumThroughput = minimumThroughput,
        };
        var store = new OutboxStore(new SystemDbFactory(database), database, Options.Create(email), TimeProvider.System);
        return new OutboxSender(store, new DependencyRegistry(Options.Create(resilience), TimeProvider.System), new FixedOptions<EmailOptions>(email),
            new OutboxMetrics(_meters.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger<OutboxSender>.Instance);
    }

    private async Task<string> StateAsync()
    {
        await using var db = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope());
        return await db.OutboxMessages.IgnoreQueryFilters().Select(m => m.State).SingleAsync(Ct);
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

    private async Task<Guid> AddUserAsync(Guid tenant, string email, string role)
    {
        var id = Guid.CreateVersion7();
        await using var db = Context(tenant);
        db.Users.Add(new User { Id = id, TenantId = tenant, Email = email, Role = role, CreatedAt = DateTime.UnixEpoch, SecurityStamp = Guid.NewGuid() });
        await db.SaveChangesAsync(Ct);
        return id;
    }

    private FactorTraceDb Context(Guid tenant)
    {
        var scope = new TenantScope();
        scope.Set(tenant);
        return DatabaseSetup.CreateContext(_options, owner: false, scope);
    }
}

/// <summary>Options that never change.</summary>
internal sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

/// <summary>On the embedded default.</summary>
public sealed class SqliteOutboxTests : OutboxTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.SqliteAsync();
}

/// <summary>On PostgreSQL as the application role under row-level security.</summary>
public sealed class PostgresOutboxTests : OutboxTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
