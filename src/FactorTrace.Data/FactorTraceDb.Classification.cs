using FactorTrace.Data.Classification;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data;

/// <summary>Classification of free text: the tenant's supplier rules and its language-model spend (tenant data).</summary>
public sealed partial class FactorTraceDb
{
    /// <summary>Supplier rules.</summary>
    public DbSet<SupplierRule> SupplierRules => Set<SupplierRule>();

    /// <summary>Language-model use per tenant, month and provider.</summary>
    public DbSet<ClassificationSpend> ClassificationSpend => Set<ClassificationSpend>();

    private void ConfigureClassification(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SupplierRule>(e =>
        {
            e.ToTable("supplier_rules");
            e.HasIndex(r => new { r.TenantId, r.Pattern }).IsUnique();
            e.Property(r => r.Pattern).HasMaxLength(200);
            e.Property(r => r.ActivityId).HasMaxLength(200);
            e.Property(r => r.Category).HasMaxLength(8);
            OwnedByTenant(e);
        });

        modelBuilder.Entity<ClassificationSpend>(e =>
        {
            e.ToTable("classification_spend");
            e.HasKey(s => new { s.TenantId, s.Month, s.Provider });
            e.Property(s => s.Provider).HasMaxLength(64);
            OwnedByTenant(e);
        });

        modelBuilder.Entity<Ledger.ActivityRecord>().Property(r => r.ClassifiedBy).HasMaxLength(64);
    }
}
