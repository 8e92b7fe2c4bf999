using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Notifications;

/// <summary>A user's choice for one kind of notification; without a row the default applies (on for administrators).</summary>
public sealed class NotificationPreference : ITenantOwned
{
    /// <summary>The user's tenant.</summary>
    public Guid TenantId { get; set; }

    /// <summary>The user.</summary>
    public Guid UserId { get; set; }

    /// <summary>The kind (<see cref="NotificationKinds"/>).</summary>
    public required string Kind { get; set; }

    /// <summary>Whether the user wants it.</summary>
    public bool Enabled { get; set; }
}
