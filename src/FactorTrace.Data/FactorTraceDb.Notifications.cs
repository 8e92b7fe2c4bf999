using FactorTrace.Data.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data;

/// <summary>E-mail notifications: the outbox and users' preferences (tenant data).</summary>
public sealed partial class FactorTraceDb
{
    /// <summary>E-mails waiting, sent or parked.</summary>
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <summary>Users' notification choices.</summary>
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();

    private void ConfigureNotifications(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasIndex(m => new { m.State, m.NextAttemptAt });
            e.HasIndex(m => new { m.TenantId, m.State });
            e.HasIndex(m => m.MessageId).IsUnique();
            e.Property(m => m.Recipient).HasMaxLength(320);
            e.Property(m => m.Kind).HasMaxLength(32);
            e.Property(m => m.Subject).HasMaxLength(300);
            e.Property(m => m.MessageId).HasMaxLength(100);
            e.Property(m => m.State).HasMaxLength(16);
            e.Property(m => m.LeaseOwner).HasMaxLength(64);
            e.Property(m => m.LastError).HasMaxLength(1000);
            OwnedByTenant(e);
        });

        modelBuilder.Entity<NotificationPreference>(e =>
        {
            e.ToTable("notification_preferences");
            e.HasKey(p => new { p.TenantId, p.UserId, p.Kind });
            e.HasOne<Identity.User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
            e.Property(p => p.Kind).HasMaxLength(32);
            OwnedByTenant(e);
        });
    }
}
