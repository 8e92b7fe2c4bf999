using FactorTrace.Data.Identity;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data.Notifications;

/// <summary>
/// Writes notifications to the outbox on the caller's context without saving: the caller's <c>SaveChanges</c> (and
/// transaction) stores them with the event that caused them, or neither. Recipients are the users of the event's
/// tenant who want that kind, never users of another tenant.
/// </summary>
public static class Outbox
{
    /// <summary>The domain of generated <c>Message-ID</c>s.</summary>
    public const string MessageIdDomain = "outbox.factortrace";

    /// <summary>Adds one message per user of <paramref name="tenantId"/> who wants <paramref name="notification"/>'s kind; returns how many.</summary>
    public static async Task<int> EnqueueAsync(FactorTraceDb db, Guid tenantId, Notification notification, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(notification);
        var users = await Recipients(db, tenantId, notification.Kind).ToListAsync(cancellationToken).ConfigureAwait(false);
        return Add(db, users, notification, now);
    }

    /// <summary>The synchronous <see cref="EnqueueAsync"/>, for callers inside a synchronous transaction.</summary>
    public static int Enqueue(FactorTraceDb db, Guid tenantId, Notification notification, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(notification);
        return Add(db, [.. Recipients(db, tenantId, notification.Kind)], notification, now);
    }

    /// <summary>Adds one message per platform administrator (of any tenant) who wants the kind; for platform events only, with no tenant data.</summary>
    public static async Task<int> EnqueueForPlatformAdminsAsync(FactorTraceDb db, Notification notification, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(notification);
        var kind = notification.Kind;
        var users = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => u.PlatformAdmin && !u.Disabled)
            .Where(u => db.NotificationPreferences.IgnoreQueryFilters().Where(p => p.UserId == u.Id && p.Kind == kind).Select(p => (bool?)p.Enabled).FirstOrDefault() ?? true)
            .Select(u => new Recipient(u.Id, u.TenantId, u.Email)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return Add(db, users, notification, now);
    }

    /// <summary>Whether a user gets a kind when they have not chosen: administrators do, others do not.</summary>
    public static bool DefaultFor(string role) => role == Roles.Admin;

    private static IQueryable<Recipient> Recipients(FactorTraceDb db, Guid tenantId, string kind) =>
        db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.TenantId == tenantId && !u.Disabled)
            .Where(u => db.NotificationPreferences.IgnoreQueryFilters().Where(p => p.TenantId == tenantId && p.UserId == u.Id && p.Kind == kind)
                .Select(p => (bool?)p.Enabled).FirstOrDefault() ?? u.Role == Roles.Admin)
            .Select(u => new Recipient(u.Id, u.TenantId, u.Email));

    private static int Add(FactorTraceDb db, List<Recipient> users, Notification notification, DateTime now)
    {
        foreach (var user in users)
        {
            var id = Guid.CreateVersion7();
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = id,
                TenantId = user.TenantId,
                UserId = user.Id,
                Recipient = user.Email,
                Kind = notification.Kind,
                Subject = notification.Subject,
                TextBody = notification.Text,
                HtmlBody = notification.HtmlBody,
                MessageId = $"{id:N}@{MessageIdDomain}",
                State = OutboxStates.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            });
        }

        return users.Count;
    }

    private sealed record Recipient(Guid Id, Guid TenantId, string Email);
}
