using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Data.Tenancy;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FactorTrace.Server.Tests;

/// <summary>The two in-memory caches of the request path expire on time, driven by a fake clock.</summary>
public sealed class CacheExpiryTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly Guid _tenant = Guid.NewGuid();
    private DatabaseOptions _options = null!;
    private string _folder = "";

    public async ValueTask InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("ft-cache-").FullName;
        _options = new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "t.db")}" };
        await using var db = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope());
        await db.Database.MigrateAsync(Ct);
        db.Tenants.Add(new Tenant { Id = _tenant, Slug = "t", Name = "t", CreatedAt = _time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(Ct);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ApiKeyValidator_KeyRevokedElsewhere_ValidUntilTheStateIsReadAgain()
    {
        var (text, prefix, hash) = ApiKeyFormat.Generate();
        var keyId = Guid.NewGuid();
        await using (var db = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope()))
        {
            db.ApiKeys.Add(new ApiKey { Id = keyId, TenantId = _tenant, Name = "k", Prefix = prefix, SecretHash = hash, Role = Roles.Viewer });
            await db.SaveChangesAsync(Ct);
        }

        var systemDb = new SystemDbFactory(Options.Create(_options));
        var validator = new ApiKeyValidator(systemDb, new CredentialStates(systemDb, _time, TimeSpan.FromSeconds(5)), _time);
        Assert.Equal(keyId, (await validator.ValidateAsync(text, Ct))?.KeyId);

        await using (var db = DatabaseSetup.CreateContext(_options, owner: true, new TenantScope()))
        {
            Assert.Equal(1, await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == keyId).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, _time.GetUtcNow().UtcDateTime), Ct));
        }

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.NotNull(await validator.ValidateAsync(text, Ct));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await validator.ValidateAsync(text, Ct));
        Assert.Null(await validator.ValidateAsync(text.Replace(text[^4..], "AAAA", StringComparison.Ordinal), Ct));
    }

    [Fact]
    public async Task TenantPolicyCache_SettingsChangedElsewhere_ReadAgainAfterThirtySeconds()
    {
        var cache = new TenantPolicyCache(_time);
        var scope = new TenantScope();
        scope.Set(_tenant);
        await using var db = DatabaseSetup.CreateContext(_options, owner: false, scope);
        Assert.Null((await cache.GetAsync(_tenant, db, Ct)).RateLimitPerMinute);

        db.TenantSettings.Add(new TenantSettings { TenantId = _tenant, RateLimitPerMinute = 42, Version = Guid.NewGuid() });
        await db.SaveChangesAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Null((await cache.GetAsync(_tenant, db, Ct)).RateLimitPerMinute);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(42, (await cache.GetAsync(_tenant, db, Ct)).RateLimitPerMinute);

        db.TenantSettings.Single().RateLimitPerMinute = 7;
        await db.SaveChangesAsync(Ct);
        cache.Invalidate(_tenant);
        Assert.Equal(7, (await cache.GetAsync(_tenant, db, Ct)).RateLimitPerMinute);
    }
}
