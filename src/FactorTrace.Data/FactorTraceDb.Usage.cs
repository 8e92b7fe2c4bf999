using FactorTrace.Data.Usage;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data;

/// <summary>Metered use and credits (tenant data).</summary>
public sealed partial class FactorTraceDb
{
    /// <summary>Use per tenant, day and meter.</summary>
    public DbSet<UsageDay> UsageDays => Set<UsageDay>();

    /// <summary>Credit balances.</summary>
    public DbSet<CreditAccount> CreditAccounts => Set<CreditAccount>();

    /// <summary>The credit ledger.</summary>
    public DbSet<CreditEntry> CreditEntries => Set<CreditEntry>();

    private void ConfigureUsage(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UsageDay>(e =>
        {
            e.ToTable("usage_days");
            e.HasKey(u => new { u.TenantId, u.Day, u.Meter });
            e.HasIndex(u => new { u.Day, u.Meter });
            e.Property(u => u.Meter).HasMaxLength(32);
            OwnedByTenant(e);
        });

        modelBuilder.Entity<CreditAccount>(e =>
        {
            e.ToTable("credit_accounts");
            e.HasKey(a => a.TenantId);
            e.ToTable(t => t.HasCheckConstraint("ck_credit_accounts_balance", "balance_millis >= 0"));
            OwnedByTenant(e);
        });

        modelBuilder.Entity<CreditEntry>(e =>
        {
            e.ToTable("credit_entries");
            e.HasIndex(x => new { x.TenantId, x.At });
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.Meter).HasMaxLength(32);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.Property(x => x.Actor).HasMaxLength(200);
            e.Property(x => x.Reference).HasMaxLength(100);
            OwnedByTenant(e);
        });
    }
}
