using System.Text;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Identity;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactorTrace.Data;

/// <summary>
/// The service database. Every <see cref="ITenantOwned"/> entity has a global filter on the current tenant of
/// <see cref="TenantScope"/>; code that must cross tenants (sign-in, tenant creation) says so with
/// <c>IgnoreQueryFilters()</c> and runs on the owner connection (<see cref="SystemDbFactory"/>).
/// </summary>
public sealed class FactorTraceDb : DbContext
{
    private readonly TenantScope _scope;

    /// <summary>Creates a context for a tenant scope.</summary>
    public FactorTraceDb(DbContextOptions<FactorTraceDb> options, TenantScope scope, bool tenantFilters = true)
        : base(options)
    {
        _scope = scope;
        TenantFiltersDisabled = !tenantFilters;
    }

    /// <summary>Tenants.</summary>
    public DbSet<Tenant> Tenants => Set<Tenant>();

    /// <summary>Per-tenant settings.</summary>
    public DbSet<TenantSettings> TenantSettings => Set<TenantSettings>();

    /// <summary>Users.</summary>
    public DbSet<User> Users => Set<User>();

    /// <summary>API keys.</summary>
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    /// <summary>Audit log.</summary>
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    /// <summary>The tenant this context is scoped to (read by the query filters on every query).</summary>
    public Guid? CurrentTenantId => _scope.TenantId;

    /// <summary>True only in the row-level-security diagnostic mode (see <see cref="DatabaseOptions.TenantQueryFilters"/>).</summary>
    public bool TenantFiltersDisabled { get; }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<Tenant>(e =>
        {
            e.ToTable("tenants");
            e.HasIndex(t => t.Slug).IsUnique();
            e.Property(t => t.Slug).HasMaxLength(64);
            e.Property(t => t.Name).HasMaxLength(200);
        });

        modelBuilder.Entity<TenantSettings>(e =>
        {
            e.ToTable("tenant_settings");
            e.HasKey(s => s.TenantId);
            e.HasOne<Tenant>().WithOne().HasForeignKey<TenantSettings>(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
            e.Property(s => s.Version).IsConcurrencyToken();
            FilterByTenant(e);
        });

        modelBuilder.Entity<User>(e =>
        {
            e.ToTable("users");
            e.HasIndex(u => u.Email).IsUnique();
            e.HasIndex(u => u.TenantId);
            e.Property(u => u.Email).HasMaxLength(320);
            e.Property(u => u.Role).HasMaxLength(16);
            OwnedByTenant(e);
        });

        modelBuilder.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasIndex(k => k.Prefix).IsUnique();
            e.HasIndex(k => k.TenantId);
            e.Property(k => k.Prefix).HasMaxLength(32);
            e.Property(k => k.SecretHash).HasMaxLength(64);
            e.Property(k => k.Role).HasMaxLength(16);
            OwnedByTenant(e);
        });

        modelBuilder.Entity<AuditEvent>(e =>
        {
            e.ToTable("audit_events");
            e.HasIndex(a => new { a.TenantId, a.At });
            e.Property(a => a.Actor).HasMaxLength(200);
            e.Property(a => a.Action).HasMaxLength(64);
            OwnedByTenant(e);
        });

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(SnakeCase(key.GetDefaultName() ?? key.GetName() ?? ""));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(SnakeCase(index.GetDefaultDatabaseName() ?? ""));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(SnakeCase(foreignKey.GetDefaultName() ?? ""));
            }
        }
    }

    /// <summary>Many rows per tenant, deleted with it, visible only to it.</summary>
    private void OwnedByTenant<T>(EntityTypeBuilder<T> entity)
        where T : class, ITenantOwned
    {
        entity.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        FilterByTenant(entity);
    }

    /// <summary>The global filter every tenant-owned entity carries (off only in the row-level-security diagnostic mode).</summary>
    private void FilterByTenant<T>(EntityTypeBuilder<T> entity)
        where T : class, ITenantOwned =>
        entity.HasQueryFilter(x => TenantFiltersDisabled || x.TenantId == CurrentTenantId);

    /// <summary>The names of the tenant-owned tables, which carry row-level security on PostgreSQL.</summary>
    public static IReadOnlyList<string> TenantOwnedTables { get; } = ["tenant_settings", "users", "api_keys", "audit_events"];

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
