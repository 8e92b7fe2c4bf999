using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FactorTrace.Server.Tests;

/// <summary>
/// The database alone, on the application role: with the EF filters off, a context bound to tenant A sees, changes and
/// deletes none of tenant B's rows, cannot insert rows for B, and an unbound context sees nothing at all.
/// </summary>
public sealed class RowLevelSecurityTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PostgresDatabase _database = null!;
    private DatabaseOptions _options = null!;
    private readonly Guid _tenantA = Guid.NewGuid();
    private readonly Guid _tenantB = Guid.NewGuid();
    private readonly Guid _userB = Guid.NewGuid();

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _options = new DatabaseOptions
        {
            Provider = DatabaseProviders.Postgres,
            ConnectionString = _database.AppConnectionString,
            OwnerConnectionString = _database.OwnerConnectionString,
            TenantQueryFilters = false,
        };
        await using var owner = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope());
        await owner.Database.MigrateAsync(Ct);
        foreach (var id in new[] { _tenantA, _tenantB })
        {
            owner.Tenants.Add(new Tenant { Id = id, Slug = "t" + id.ToString("N")[..8], Name = "t", CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
        }

        owner.Users.Add(new User { Id = Guid.NewGuid(), TenantId = _tenantA, Email = $"{_tenantA:N}@a.test", Role = Roles.Admin });
        owner.Users.Add(new User { Id = _userB, TenantId = _tenantB, Email = $"{_tenantB:N}@b.test", Role = Roles.Editor, Name = "B" });
        await owner.SaveChangesAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AppRole_BoundToTenantA_SeesOnlyTenantARows()
    {
        await using var db = Context(_tenantA);
        var users = await db.Users.AsNoTracking().ToListAsync(Ct);
        Assert.Single(users);
        Assert.Equal(_tenantA, users[0].TenantId);
        Assert.Null(await db.Users.FirstOrDefaultAsync(u => u.Id == _userB, Ct));
        Assert.Equal([_tenantA], await db.Tenants.Select(t => t.Id).ToListAsync(Ct));
    }

    [Fact]
    public async Task AppRole_BoundToTenantA_CannotUpdateOrDeleteTenantBRows()
    {
        await using (var db = Context(_tenantA))
        {
            Assert.Equal(0, await db.Users.Where(u => u.Id == _userB).ExecuteUpdateAsync(s => s.SetProperty(u => u.Name, "Hijacked"), Ct));
            Assert.Equal(0, await db.Users.Where(u => u.Id == _userB).ExecuteDeleteAsync(Ct));
        }

        await using var owner = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope());
        var user = await owner.Users.IgnoreQueryFilters().SingleAsync(u => u.Id == _userB, Ct);
        Assert.Equal("B", user.Name);
    }

    [Fact]
    public async Task AppRole_BoundToTenantA_CannotInsertRowsForTenantB()
    {
        await using var db = Context(_tenantA);
        db.Users.Add(new User { Id = Guid.NewGuid(), TenantId = _tenantB, Email = $"{Guid.NewGuid():N}@planted.test", Role = Roles.Admin });
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        Assert.Contains("row-level security", (error.InnerException as PostgresException)?.MessageText ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppRole_WithoutTenant_SeesNothing()
    {
        await using var db = DatabaseSetup.CreateContext(_options, owner: false, new TenantScope());
        Assert.Equal(0, await db.Users.CountAsync(Ct));
        Assert.Equal(0, await db.Tenants.CountAsync(Ct));
    }

    [Fact]
    public async Task Owner_WithoutTheSystemSetting_SeesNothing_RowLevelSecurityIsForced()
    {
        // The schema owner is bound by the policies too (FORCE ROW LEVEL SECURITY); only its system contexts, which say so
        // in their session, see across tenants.
        await using var connection = new NpgsqlConnection(_database.OwnerConnectionString);
        await connection.OpenAsync(Ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM users", connection);
        Assert.Equal(0L, await count.ExecuteScalarAsync(Ct));
        await using var forced = new NpgsqlCommand(
            "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relrowsecurity AND relforcerowsecurity", connection);
        Assert.Equal((long)FactorTrace.Data.Tenancy.RowLevelSecurity.Tables.Count, await forced.ExecuteScalarAsync(Ct));

        await using var system = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope());
        Assert.Equal(2, await system.Users.IgnoreQueryFilters().CountAsync(Ct));
    }

    [Fact]
    public async Task AppRole_CannotReadThePlatformSecurityLog()
    {
        var scope = new TenantScope();
        scope.Set(_tenantA);
        await using var db = DatabaseSetup.CreateContext(_options, owner: false, scope);
        var error = await Assert.ThrowsAsync<PostgresException>(() => db.SecurityEvents.CountAsync(Ct));
        Assert.Equal("42501", error.SqlState);
    }

    [Fact]
    public async Task Service_AppConnectionBypassesRowLevelSecurity_RefusesToStart()
    {
        var settings = _database.ServiceSettings();
        settings["FactorTrace:Database:ConnectionString"] = _database.OwnerConnectionString;
        var (app, dataDirectory) = ServiceInstance.Build(settings);
        await using (app)
        {
            var stopping = app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
            var stopped = new TaskCompletionSource();
            using (stopping.Register(() => stopped.TrySetResult()))
            {
                try
                {
                    await app.StartAsync(Ct);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    // Refused while Kestrel was still binding.
                }

                await stopped.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
            }

            await app.StopAsync(Ct);
        }

        Directory.Delete(dataDirectory, recursive: true);
    }

    private FactorTraceDb Context(Guid tenant)
    {
        var scope = new TenantScope();
        scope.Set(tenant);
        return DatabaseSetup.CreateContext(_options, owner: false, scope);
    }
}

/// <summary>One migration history serves both providers and matches the model.</summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task Sqlite_MigratedDatabase_HasNoPendingModelChanges()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("ft-mig-").FullName, "m.db");
        var options = new DatabaseOptions { Provider = DatabaseProviders.Sqlite, ConnectionString = $"Data Source={file}" };
        await using var db = DatabaseSetup.CreateContext(options, owner: true, new TenantScope());
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Postgres_MigratedDatabase_HasNoPendingModelChangesAndPolicies()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var options = new DatabaseOptions { Provider = DatabaseProviders.Postgres, ConnectionString = database.OwnerConnectionString };
        await using var db = DatabaseSetup.CreateContext(options, owner: true, new TenantScope());
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        Assert.False(db.Database.HasPendingModelChanges());
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_policies WHERE policyname = 'tenant_isolation'", connection);
        Assert.Equal(FactorTraceDb.TenantOwnedTables.Count + 1, Convert.ToInt32(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture));
    }
}
