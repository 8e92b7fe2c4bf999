using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Data;

/// <summary>
/// Contexts on the owner connection with no tenant bound, for the few operations that must look across tenants before a
/// tenant is known (sign-in by e-mail, API key by prefix), create tenants, or tell a cross-tenant attempt from a missing
/// row. Queries here must say <c>IgnoreQueryFilters()</c> explicitly.
/// </summary>
public sealed class SystemDbFactory(IOptions<DatabaseOptions> options)
{
    // Lazy: hosted services are constructed before options are validated, and a bad setting must surface as a validation message.
    private readonly Lazy<DbContextOptions<FactorTraceDb>> _options = new(() => DatabaseSetup.Configure(new DbContextOptionsBuilder<FactorTraceDb>(), options.Value, owner: true).Options);

    /// <summary>A new context on the owner connection.</summary>
    public FactorTraceDb Create() => new(_options.Value, new TenantScope());
}
