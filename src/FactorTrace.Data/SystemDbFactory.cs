using FactorTrace.Data.Tenancy;
using FactorTrace.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Data;

/// <summary>
/// Contexts on the owner connection with no tenant bound, for the few operations that must look across tenants before a
/// tenant is known (sign-in by e-mail, API key by prefix), create tenants, write the platform's security log, or tell a
/// cross-tenant attempt from a missing row. Queries here must say <c>IgnoreQueryFilters()</c> explicitly. These calls go
/// through the same <c>database</c> dependency (timeout, circuit breaker) as the application's; only migrations do not,
/// since they may legitimately run for minutes.
/// </summary>
public sealed class SystemDbFactory
{
    private readonly Lazy<DbContextOptions<FactorTraceDb>> _options;
    private readonly Lazy<DbContextOptions<FactorTraceDb>> _migrationOptions;

    /// <summary>Without a breaker (tools and tests).</summary>
    public SystemDbFactory(IOptions<DatabaseOptions> options)
        : this(options, null)
    {
    }

    /// <summary>Through the <c>database</c> dependency of <paramref name="dependencies"/>, when given.</summary>
    public SystemDbFactory(IOptions<DatabaseOptions> options, DependencyRegistry? dependencies)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Lazy: hosted services are constructed before options are validated, and a bad setting must surface as a validation message.
        _options = new(() => DatabaseSetup.Configure(
            new DbContextOptionsBuilder<FactorTraceDb>(), options.Value, owner: true,
            dependencies?.Get(DatabaseBreaker.Name, DependencyKind.Database, DatabaseBreaker.IsOutage)).Options);
        _migrationOptions = new(() => DatabaseSetup.Configure(new DbContextOptionsBuilder<FactorTraceDb>(), options.Value, owner: true).Options);
    }

    /// <summary>A new context on the owner connection, through the database breaker.</summary>
    public FactorTraceDb Create() => new(_options.Value, new TenantScope());

    /// <summary>A new context on the owner connection without the breaker's timeout, for migrations.</summary>
    public FactorTraceDb CreateForMigrations() => new(_migrationOptions.Value, new TenantScope());
}
