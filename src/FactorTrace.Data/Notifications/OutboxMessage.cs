using FactorTrace.Data.Tenancy;

namespace FactorTrace.Data.Notifications;

/// <summary>
/// One e-mail to one recipient, written in the transaction of the event that caused it and delivered later by the sender.
/// <see cref="MessageId"/> is fixed when the row is written, so every delivery attempt carries the same <c>Message-ID</c>.
/// </summary>
public sealed class OutboxMessage : ITenantOwned
{
    /// <summary>Identifier (time-ordered).</summary>
    public Guid Id { get; set; }

    /// <summary>The tenant of the recipient (never another tenant's data in the message).</summary>
    public Guid TenantId { get; set; }

    /// <summary>The recipient user.</summary>
    public Guid? UserId { get; set; }

    /// <summary>The recipient's address.</summary>
    public required string Recipient { get; set; }

    /// <summary>What it is about (<see cref="NotificationKinds"/>).</summary>
    public required string Kind { get; set; }

    /// <summary>Subject line.</summary>
    public required string Subject { get; set; }

    /// <summary>Plain-text body.</summary>
    public required string TextBody { get; set; }

    /// <summary>HTML body.</summary>
    public string? HtmlBody { get; set; }

    /// <summary>The <c>Message-ID</c> header (without angle brackets), fixed at enqueue time.</summary>
    public required string MessageId { get; set; }

    /// <summary>Delivery state (<see cref="OutboxStates"/>).</summary>
    public required string State { get; set; }

    /// <summary>Delivery attempts that failed so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Not sent before this time (back-off after a failure).</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>While <c>sending</c>: the claim ends at this time, after which another sender may take the message.</summary>
    public DateTime? LeaseUntil { get; set; }

    /// <summary>While <c>sending</c>: the claim that holds the message.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>The last failure.</summary>
    public string? LastError { get; set; }

    /// <summary>When it was written.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When the SMTP server accepted it.</summary>
    public DateTime? SentAt { get; set; }
}

/// <summary>States of an <see cref="OutboxMessage"/>.</summary>
public static class OutboxStates
{
    /// <summary>Waiting to be sent (possibly after a back-off).</summary>
    public const string Pending = "pending";

    /// <summary>Claimed by a sender until its lease ends.</summary>
    public const string Sending = "sending";

    /// <summary>Accepted by the SMTP server.</summary>
    public const string Sent = "sent";

    /// <summary>Parked after the last allowed attempt; an administrator may retry it.</summary>
    public const string Failed = "failed";

    /// <summary>Every state.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Sending, Sent, Failed];
}
