using FactorTrace.Data.Erp;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data;

/// <summary>ERP connections, their pulls and the lines they brought (tenant data).</summary>
public sealed partial class FactorTraceDb
{
    /// <summary>ERP connections.</summary>
    public DbSet<ErpConnection> ErpConnections => Set<ErpConnection>();

    /// <summary>Pull history.</summary>
    public DbSet<ErpPull> ErpPulls => Set<ErpPull>();

    /// <summary>Lines pulled, by document and line id.</summary>
    public DbSet<ErpLine> ErpLines => Set<ErpLine>();

    private void ConfigureErp(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ErpConnection>(e =>
        {
            e.ToTable("erp_connections");
            e.HasIndex(c => new { c.TenantId, c.Name }).IsUnique();
            e.HasIndex(c => c.NextPullAt);
            e.Property(c => c.Name).HasMaxLength(100);
            e.Property(c => c.Kind).HasMaxLength(8);
            e.Property(c => c.BaseUrl).HasMaxLength(1000);
            e.Property(c => c.Entity).HasMaxLength(300);
            e.Property(c => c.LastStatus).HasMaxLength(16);
            e.Property(c => c.LastError).HasMaxLength(2000);
            OwnedByTenant(e);
        });

        modelBuilder.Entity<ErpPull>(e =>
        {
            e.ToTable("erp_pulls");
            e.HasIndex(p => new { p.ConnectionId, p.StartedAt });
            e.HasIndex(p => p.TenantId);
            e.Property(p => p.Trigger).HasMaxLength(16);
            e.Property(p => p.Status).HasMaxLength(16);
            e.Property(p => p.Error).HasMaxLength(2000);
            e.HasOne<ErpConnection>().WithMany().HasForeignKey(p => p.ConnectionId).OnDelete(DeleteBehavior.Cascade);
            OwnedByTenant(e);
        });

        modelBuilder.Entity<ErpLine>(e =>
        {
            e.ToTable("erp_lines");
            e.HasIndex(l => new { l.ConnectionId, l.DocumentId, l.LineId }).IsUnique();
            e.HasIndex(l => l.TenantId);
            e.HasIndex(l => l.RecordId);
            e.Property(l => l.DocumentId).HasMaxLength(100);
            e.Property(l => l.LineId).HasMaxLength(100);
            e.Property(l => l.Error).HasMaxLength(500);
            e.HasOne<ErpConnection>().WithMany().HasForeignKey(l => l.ConnectionId).OnDelete(DeleteBehavior.Cascade);
            OwnedByTenant(e);
        });
    }
}
