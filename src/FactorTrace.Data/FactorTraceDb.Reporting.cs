using FactorTrace.Data.Reporting;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data;

/// <summary>Reports, their files and the tenants' reporting-period inputs.</summary>
public sealed partial class FactorTraceDb
{
    private void ConfigureReporting(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Report>(e =>
        {
            e.ToTable("reports");
            e.HasIndex(r => new { r.TenantId, r.From, r.To, r.CreatedAt });
            e.Property(r => r.Framework).HasMaxLength(16);
            e.Property(r => r.Status).HasMaxLength(16);
            e.Property(r => r.GwpSet).HasMaxLength(16);
            e.Property(r => r.Actor).HasMaxLength(200);
            OwnedByTenant(e);
        });

        modelBuilder.Entity<ReportFile>(e =>
        {
            e.ToTable("report_files");
            e.HasKey(f => new { f.ReportId, f.Kind });
            e.Property(f => f.Kind).HasMaxLength(8);
            e.Property(f => f.ContentType).HasMaxLength(100);
            e.Property(f => f.FileName).HasMaxLength(200);
            e.Property(f => f.Sha256).HasMaxLength(64);
            e.HasOne<Report>().WithMany().HasForeignKey(f => f.ReportId).OnDelete(DeleteBehavior.Cascade);
            FilterByTenant(e);
        });

        modelBuilder.Entity<ReportingPeriod>(e =>
        {
            e.ToTable("reporting_periods");
            e.HasKey(p => new { p.TenantId, p.From, p.To });
            e.Property(p => p.Currency).HasMaxLength(3);
            e.Property(p => p.NetRevenue).HasPrecision(20, 2);
            OwnedByTenant(e);
        });
    }
}
