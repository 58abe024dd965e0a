namespace Scholar.Domain.Notifications;

/// <summary>A provider event (Postmark webhook) about a sent message; unique per (message, record type).</summary>
public sealed class NotificationEvent
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid? NotificationId { get; init; }

    public required string ProviderMessageId { get; init; }

    public required string RecordType { get; init; }

    public string? Detail { get; init; }

    public required string Recipient { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>An address we must not send to any more (hard bounce, spam complaint, provider suppression).</summary>
public sealed class SuppressedRecipient
{
    public required string Address { get; init; }

    public required string Reason { get; init; }

    public DateTimeOffset SuppressedAt { get; init; }

    /// <summary>Addresses compare case-insensitively; they are stored normalised.</summary>
    public static string Normalise(string address) => address.Trim().ToLowerInvariant();
}

/// <summary>One inbox of a "3-inbox" deliverability run; its outcome is its notification's status.</summary>
public sealed class InboxTestMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string RunId { get; init; }

    public required string Inbox { get; init; }

    public required Guid NotificationId { get; init; }

    public DateTimeOffset StartedAt { get; init; }
}
