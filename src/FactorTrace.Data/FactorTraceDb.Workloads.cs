using FactorTrace.Data.Workloads;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data;

/// <summary>Software services and the work they did (tenant data).</summary>
public sealed partial class FactorTraceDb
{
    /// <summary>Service profiles.</summary>
    public DbSet<ServiceProfile> ServiceProfiles => Set<ServiceProfile>();

    /// <summary>Workload records.</summary>
    public DbSet<WorkloadRecord> WorkloadRecords => Set<WorkloadRecord>();

    private void ConfigureWorkloads(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ServiceProfile>(e =>
        {
            e.ToTable("service_profiles");
            e.HasIndex(s => new { s.TenantId, s.Name }).IsUnique();
            e.Property(s => s.Name).HasMaxLength(100);
            e.Property(s => s.Unit).HasMaxLength(32);
            e.Property(s => s.LedgerCategory).HasMaxLength(16);
            OwnedByTenant(e);
        });

        modelBuilder.Entity<WorkloadRecord>(e =>
        {
            e.ToTable("workload_records");
            e.HasIndex(r => new { r.TenantId, r.StartUnix });
            e.HasIndex(r => new { r.TenantId, r.ServiceId, r.StartUnix });
            e.Property(r => r.Region).HasMaxLength(100);
            e.Property(r => r.Zone).HasMaxLength(64);
            e.HasOne<ServiceProfile>().WithMany().HasForeignKey(r => r.ServiceId).OnDelete(DeleteBehavior.Cascade);
            OwnedByTenant(e);
        });
    }
}
