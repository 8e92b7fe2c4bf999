using System.Collections.Concurrent;
using System.Text;
using FactorTrace.Data;
using FactorTrace.Data.Tenancy;
using FactorTrace.Import;
using FactorTrace.Import.Storage;
using FactorTrace.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tests;

/// <summary>
/// The libraries log what an operator needs through their own event ids (docs/architecture.md): a circuit's
/// transitions (Resilience, 1100–1199) and an import's commit and rollback (Import, 1400–1499).
/// </summary>
public sealed class LibraryLogTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly Guid _tenant = Guid.CreateVersion7();
    private readonly string _folder = Directory.CreateTempSubdirectory("ft-logs-").FullName;
    private readonly CollectingProvider _logs = new();
    private DatabaseOptions _options = null!;

    public async ValueTask InitializeAsync()
    {
        _options = new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "l.db")}" };
        await using var owner = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope());
        await owner.Database.MigrateAsync(Ct);
        owner.Tenants.Add(new Tenant { Id = _tenant, Slug = "l" + _tenant.ToString("N")[..8], Name = "logs", CreatedAt = new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc) });
        await owner.SaveChangesAsync(Ct);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Circuit_OpenedAndClosed_EachLoggedWithItsDependency()
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(_logs));
        using var registry = new DependencyRegistry(Options.Create(new ResilienceOptions()), TimeProvider.System, null, factory.CreateLogger<DependencyRegistry>());
        var dependency = registry.Get("stub-api", DependencyKind.RemoteApi);

        await dependency.IsolateAsync();
        await dependency.CloseAsync();

        Assert.Contains(_logs.Entries, e => e.EventId == 1101 && e.Message.Contains("stub-api", StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.EventId == 1103 && e.Message.Contains("stub-api", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportCommitAndRollback_LoggedWithTheirCounts()
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(_logs));
        var imports = new ImportService(Options.Create(new ImportOptions { StorageDirectory = Path.Combine(_folder, "imports") }), new ImportProgress(), TimeProvider.System,
            logger: factory.CreateLogger<ImportService>());
        var scope = new TenantScope();
        scope.Set(_tenant);
        await using var db = DatabaseSetup.CreateContext(_options, owner: false, scope);
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("Date,Activity,Quantity,Unit\n2024-03-15,fuel.diesel,12,L\n2024-03-16,fuel.diesel,3,L\n"));
        var created = await imports.CreateAsync(db, _tenant, "test", "fuel.csv", await imports.ReceiveAsync(content, Ct), null, Ct);

        await imports.CommitAsync(db, created.Import, allowDuplicate: false, strict: false, Ct);
        await imports.RollbackAsync(db, created.Import, Ct);

        var id = created.Import.Id.ToString();
        Assert.Contains(_logs.Entries, e => e.EventId == 1401 && e.Message.Contains(id, StringComparison.Ordinal) && e.Message.Contains("2 records stored", StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.EventId == 1403 && e.Message.Contains(id, StringComparison.Ordinal) && e.Message.Contains("2 records deleted", StringComparison.Ordinal));
    }

    private sealed record Entry(int EventId, LogLevel Level, string Message);

    /// <summary>Keeps every entry written through it.</summary>
    private sealed class CollectingProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyCollection<Entry> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Collector(_entries);

        public void Dispose()
        {
        }

        private sealed class Collector(ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new Entry(eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}
