using System.Text;
using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Tenancy;
using FactorTrace.Import;
using FactorTrace.Import.Mapping;
using FactorTrace.Import.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tests.Imports;

/// <summary>
/// A change and its audit event are stored together or not at all, through the library methods every caller (API and
/// CLI) uses: an import created, a template saved (tracked changes, one SaveChanges), an import discarded and a
/// template deleted (set-based changes in a transaction with the event). An event the database refuses (its id taken)
/// leaves no change behind, and a change that fails leaves no event.
/// </summary>
public abstract class AuditAtomicityTests : IAsyncLifetime
{
    private const string Csv = "Date,Description,Quantity,Unit\n2024-03-15,Diesel,12,L\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly Guid _tenant = Guid.CreateVersion7();
    private readonly string _files = Directory.CreateTempSubdirectory("ft-audit-").FullName;
    private TestDatabase _database = null!;
    private DatabaseOptions _options = null!;
    private ImportService _imports = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _options = _database.Options;
        await using var owner = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope());
        owner.Tenants.Add(new Tenant { Id = _tenant, Slug = "a" + _tenant.ToString("N")[..8], Name = "audit", CreatedAt = new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc) });
        await owner.SaveChangesAsync(Ct);
        _imports = new ImportService(Options.Create(new ImportOptions { StorageDirectory = _files }), new ImportProgress(), TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_files, recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Create_StoresTheImportAndItsEventTogether()
    {
        Guid id;
        await using (var db = Context())
        {
            id = (await CreateAsync(db, r => Event("import.create", r.Import.Id, ImportAuditDetails.Created(r)))).Import.Id;
        }

        await using var check = Context();
        Assert.True(await check.Imports.AnyAsync(i => i.Id == id, Ct));
        var audited = await check.AuditEvents.SingleAsync(e => e.ResourceId == id.ToString(), Ct);
        Assert.Equal("import.create", audited.Action);
        Assert.Equal("fuel.csv: 1 rows, 0 invalid", audited.Detail);
    }

    [Fact]
    public async Task Create_EventRefused_NoImportAndNoFileLeft()
    {
        var taken = await StoredEventIdAsync();

        await using (var db = Context())
        {
            await Assert.ThrowsAsync<DbUpdateException>(() => CreateAsync(db, r => WithId(Event("import.create", r.Import.Id), taken)));
        }

        await using var check = Context();
        Assert.Equal(0, await check.Imports.CountAsync(Ct));
        Assert.Equal(1, await check.AuditEvents.CountAsync(Ct));
        Assert.Empty(Directory.EnumerateFiles(_files, "*.upload", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task SaveTemplate_EventRefused_NoTemplate()
    {
        var taken = await StoredEventIdAsync();

        await using (var db = Context())
        {
            await Assert.ThrowsAsync<DbUpdateException>(() => _imports.SaveTemplateAsync(db, _tenant, "monthly", new ImportMapping(), Ct,
                t => WithId(Event("mapping_template.save", t.Id), taken)));
        }

        await using var check = Context();
        Assert.Equal(0, await check.MappingTemplates.CountAsync(Ct));
    }

    [Fact]
    public async Task Discard_RemovesTheImportAndStoresItsEvent()
    {
        var id = await CreateUnauditedAsync();

        await using (var db = Context())
        {
            var import = await db.Imports.AsNoTracking().SingleAsync(i => i.Id == id, Ct);
            await _imports.DiscardAsync(db, import, Ct, () => Event("import.discard", id));
        }

        await using var check = Context();
        Assert.False(await check.Imports.AnyAsync(i => i.Id == id, Ct));
        Assert.Equal("import.discard", (await check.AuditEvents.SingleAsync(Ct)).Action);
    }

    [Fact]
    public async Task Discard_EventRefused_TheImportStays()
    {
        var id = await CreateUnauditedAsync();
        var taken = await StoredEventIdAsync();

        await using (var db = Context())
        {
            var import = await db.Imports.AsNoTracking().SingleAsync(i => i.Id == id, Ct);
            await Assert.ThrowsAsync<DbUpdateException>(() => _imports.DiscardAsync(db, import, Ct, () => WithId(Event("import.discard", id), taken)));
        }

        await using var check = Context();
        Assert.True(await check.Imports.AnyAsync(i => i.Id == id, Ct));
        Assert.Equal(1, await check.AuditEvents.CountAsync(Ct));
    }

    [Fact]
    public async Task SetBasedChange_ChangeFails_NoEvent()
    {
        await using (var db = Context())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => AuditedChange.ExecuteAsync(db,
                async token =>
                {
                    await db.MappingTemplates.Where(t => t.Name == "none").ExecuteDeleteAsync(token);
                    throw new InvalidOperationException("the change failed");
                },
                _ => Event("mapping_template.delete", Guid.NewGuid()), Ct));
        }

        await using var check = Context();
        Assert.Equal(0, await check.AuditEvents.CountAsync(Ct));
    }

    [Fact]
    public async Task DeleteTemplate_NothingToDelete_NoEvent()
    {
        await using (var db = Context())
        {
            Assert.False(await ImportService.DeleteTemplateAsync(db, Guid.NewGuid(), Ct, () => Event("mapping_template.delete", Guid.NewGuid())));
        }

        await using var check = Context();
        Assert.Equal(0, await check.AuditEvents.CountAsync(Ct));
    }

    /// <summary>A fresh migrated database on this provider.</summary>
    protected abstract Task<TestDatabase> CreateDatabaseAsync();


    private static AuditEvent WithId(AuditEvent audit, Guid id)
    {
        audit.Id = id;
        return audit;
    }

    private FactorTraceDb Context()
    {
        var scope = new TenantScope();
        scope.Set(_tenant);
        return DatabaseSetup.CreateContext(_options, owner: false, scope);
    }

    private AuditEvent Event(string action, Guid resourceId, string? detail = null) =>
        AuditEvent.Create(TimeProvider.System, _tenant, "test", action, action.Split('.')[0], resourceId.ToString(), null, detail);

    private async Task<ImportResult> CreateAsync(FactorTraceDb db, Func<ImportResult, AuditEvent>? audit)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(Csv));
        var staged = await _imports.ReceiveAsync(content, Ct);
        return await _imports.CreateAsync(db, _tenant, "test", "fuel.csv", staged, null, Ct, audit: audit);
    }

    private async Task<Guid> CreateUnauditedAsync()
    {
        await using var db = Context();
        return (await CreateAsync(db, null)).Import.Id;
    }

    /// <summary>The id of an event already stored, which a second event cannot take.</summary>
    private async Task<Guid> StoredEventIdAsync()
    {
        await using var db = Context();
        var stored = Event("test.marker", Guid.NewGuid());
        db.AuditEvents.Add(stored);
        await db.SaveChangesAsync(Ct);
        return stored.Id;
    }
}

/// <summary>On the embedded default.</summary>
public sealed class SqliteAuditAtomicityTests : AuditAtomicityTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.SqliteAsync();
}

/// <summary>On PostgreSQL as the application role under row-level security.</summary>
public sealed class PostgresAuditAtomicityTests : AuditAtomicityTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
