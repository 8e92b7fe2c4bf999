using System.Text;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Identity;
using FactorTrace.Data.Imports;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Reporting;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactorTrace.Data;

/// <summary>
/// The service database. Every <see cref="ITenantOwned"/> entity has a global filter on the current tenant of
/// <see cref="TenantScope"/>; code that must cross tenants (sign-in, tenant creation) says so with
/// <c>IgnoreQueryFilters()</c> and runs on the owner connection (<see cref="SystemDbFactory"/>).
/// </summary>
public sealed partial class FactorTraceDb : DbContext
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

    /// <summary>The platform's security log (not tenant-owned; owner connection only).</summary>
    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();

    /// <summary>Activity records.</summary>
    public DbSet<ActivityRecord> ActivityRecords => Set<ActivityRecord>();

    /// <summary>Tenants' own factors.</summary>
    public DbSet<PrivateFactor> PrivateFactors => Set<PrivateFactor>();

    /// <summary>Calculation runs.</summary>
    public DbSet<CalculationRun> CalculationRuns => Set<CalculationRun>();

    /// <summary>Factor answers used by runs.</summary>
    public DbSet<RunFactor> RunFactors => Set<RunFactor>();

    /// <summary>Result rows grouped by month and breakdown, per run.</summary>
    public DbSet<RunCell> RunCells => Set<RunCell>();

    /// <summary>Result rows of runs.</summary>
    public DbSet<EmissionResult> EmissionResults => Set<EmissionResult>();

    /// <summary>Uploaded activity files.</summary>
    public DbSet<ActivityImport> Imports => Set<ActivityImport>();

    /// <summary>Saved column mappings.</summary>
    public DbSet<MappingTemplate> MappingTemplates => Set<MappingTemplate>();

    /// <summary>Generated reports.</summary>
    public DbSet<Report> Reports => Set<Report>();

    /// <summary>Their output files.</summary>
    public DbSet<ReportFile> ReportFiles => Set<ReportFile>();

    /// <summary>Tenants' inputs per reporting period.</summary>
    public DbSet<ReportingPeriod> ReportingPeriods => Set<ReportingPeriod>();

    /// <summary>The tenant this context is scoped to (read by the query filters on every query).</summary>
    public Guid? CurrentTenantId => _scope.TenantId;

    /// <summary>True only in the row-level-security diagnostic mode (see <see cref="DatabaseOptions.TenantQueryFilters"/>).</summary>
    public bool TenantFiltersDisabled { get; }

    /// <inheritdoc />
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);

        // Two models, with and without the tenant filters, so the filter is a plain "tenant_id = @tenant" that an index
        // can serve. A "@disabled OR tenant_id = @tenant" filter (one model for both modes) made SQLite scan every tenant's
        // rows: 110 ms instead of 1 ms for a page of activity records at 1 million records.
        optionsBuilder.ReplaceService<IModelCacheKeyFactory, TenantFilterModelCacheKeyFactory>();
    }

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
            e.Property(s => s.Lei).HasMaxLength(20);
            e.Property(s => s.NaceActivity).HasMaxLength(16);
            FilterByTenant(e);
        });

        modelBuilder.Entity<User>(e =>
        {
            e.ToTable("users");
            // Unique per tenant, not across the service: a tenant must not learn that an e-mail exists elsewhere.
            e.HasIndex(u => new { u.TenantId, u.Email }).IsUnique();
            e.HasIndex(u => u.Email);
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

        modelBuilder.Entity<SecurityEvent>(e =>
        {
            e.ToTable("security_events");
            e.HasIndex(x => x.At);
            e.Property(x => x.Kind).HasMaxLength(64);
            e.Property(x => x.Actor).HasMaxLength(200);
            e.Property(x => x.Resource).HasMaxLength(64);
            e.Property(x => x.ResourceId).HasMaxLength(320);
            e.Property(x => x.ClientAddress).HasMaxLength(64);
            e.Property(x => x.RequestId).HasMaxLength(128);
        });

        ConfigureLedger(modelBuilder);
        ConfigureImports(modelBuilder);
        ConfigureReporting(modelBuilder);
        ConfigureGrid(modelBuilder);
        ConfigureWorkloads(modelBuilder);
        ConfigureUsage(modelBuilder);
        ConfigureClassification(modelBuilder);
        ConfigureNotifications(modelBuilder);
        ConfigureErp(modelBuilder);

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

    private void ConfigureLedger(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ActivityRecord>(e =>
        {
            e.ToTable("activity_records");
            // The activity list: newest first (date, then id), and counts and pages under its filters (site, scope, activity).
            e.HasIndex(r => new { r.TenantId, r.AccountingDate, r.Id });
            e.HasIndex(r => new { r.TenantId, r.Site, r.AccountingDate });
            e.HasIndex(r => new { r.TenantId, r.Scope, r.AccountingDate });
            e.HasIndex(r => new { r.TenantId, r.ActivityId, r.AccountingDate });
            // A calculation reads its records in id order, a chunk after the last id.
            e.HasIndex(r => new { r.TenantId, r.Id });
            e.HasIndex(r => r.ImportId);
            e.Property(r => r.Scope1Source).HasMaxLength(32);
            OwnedByTenant(e);
        });

        modelBuilder.Entity<PrivateFactor>(e =>
        {
            e.ToTable("private_factors");
            e.HasIndex(f => new { f.TenantId, f.ActivityId });
            e.Property(f => f.Kind).HasMaxLength(32);
            e.Property(f => f.GwpSet).HasMaxLength(8);
            OwnedByTenant(e);
        });

        modelBuilder.Entity<CalculationRun>(e =>
        {
            e.ToTable("calculation_runs");
            e.HasIndex(r => new { r.TenantId, r.StartedAt });
            e.Property(r => r.Status).HasMaxLength(16);
            e.Property(r => r.GwpSet).HasMaxLength(8);
            OwnedByTenant(e);
        });

        // Result rows and run factors hang off their run (deleted with it); no key to the tenant or the record, so bulk
        // writes check one foreign key and a result outlives a later edit or deletion of its record.
        modelBuilder.Entity<RunFactor>(e =>
        {
            e.ToTable("run_factors");
            e.HasKey(f => new { f.RunId, f.No });
            e.HasOne<CalculationRun>().WithMany().HasForeignKey(f => f.RunId).OnDelete(DeleteBehavior.Cascade);
            FilterByTenant(e);
        });

        modelBuilder.Entity<EmissionResult>(e =>
        {
            e.ToTable("emission_results");
            e.HasKey(r => new { r.RunId, r.RecordId, r.Method, r.AccountingDate });
            e.HasIndex(r => new { r.RunId, r.AccountingDate });
            e.Property(r => r.Share).HasDefaultValue(1.0);
            e.Property(r => r.Method).HasMaxLength(8);
            e.Property(r => r.Status).HasMaxLength(8);
            e.Property(r => r.Scope1Source).HasMaxLength(32);
            e.Property(r => r.Basis).HasMaxLength(32);
            // The few rows of records split into month parts, counted apart from the whole ones (RunCells.SplitRecordsAsync).
            e.HasIndex(r => new { r.RunId, r.AccountingDate, r.RecordId }, "ix_emission_results_split").HasFilter("share <> 1.0");
            e.HasOne<CalculationRun>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
            FilterByTenant(e);
        });

        modelBuilder.Entity<RunCell>(e =>
        {
            e.ToTable("run_cells");
            e.HasIndex(c => new { c.RunId, c.Year, c.Month });
            e.Property(c => c.Status).HasMaxLength(8);
            e.Property(c => c.Method).HasMaxLength(8);
            e.Property(c => c.Scope1Source).HasMaxLength(32);
            e.Property(c => c.Basis).HasMaxLength(32);
            e.HasOne<CalculationRun>().WithMany().HasForeignKey(c => c.RunId).OnDelete(DeleteBehavior.Cascade);
            FilterByTenant(e);
        });
    }

    private void ConfigureImports(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ActivityImport>(e =>
        {
            e.ToTable("imports");
            e.HasIndex(i => new { i.TenantId, i.FileSha256 });
            e.HasIndex(i => new { i.TenantId, i.CreatedAt });
            e.Property(i => i.FileName).HasMaxLength(260);
            e.Property(i => i.Format).HasMaxLength(8);
            e.Property(i => i.FileSha256).HasMaxLength(64);
            e.Property(i => i.Status).HasMaxLength(16);
            e.Property(i => i.Template).HasMaxLength(100);
            e.Property(i => i.CreatedBy).HasMaxLength(200);
            OwnedByTenant(e);
        });

        modelBuilder.Entity<MappingTemplate>(e =>
        {
            e.ToTable("mapping_templates");
            e.HasIndex(t => new { t.TenantId, t.Name }).IsUnique();
            e.Property(t => t.Name).HasMaxLength(100);
            OwnedByTenant(e);
        });
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
        where T : class, ITenantOwned
    {
        if (!TenantFiltersDisabled)
        {
            entity.HasQueryFilter(x => x.TenantId == CurrentTenantId);
        }
    }

    /// <summary>The names of the tenant-owned tables, which carry row-level security on PostgreSQL.</summary>
    public static IReadOnlyList<string> TenantOwnedTables { get; } = ["tenant_settings", "users", "api_keys", "audit_events", "activity_records", "private_factors", "calculation_runs", "run_factors", "emission_results", "imports", "mapping_templates", "reports", "report_files", "reporting_periods", "service_profiles", "workload_records", "run_cells", "usage_days", "credit_accounts", "credit_entries", "supplier_rules", "classification_spend", "outbox_messages", "notification_preferences", "erp_connections", "erp_pulls", "erp_lines"];

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
