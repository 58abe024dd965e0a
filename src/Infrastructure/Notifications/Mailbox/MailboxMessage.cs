namespace Scholar.Infrastructure.Notifications.Mailbox;

/// <summary>An email "sent" to the local mailbox (Development without a Postmark token), shown by the console.</summary>
public sealed class MailboxMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid NotificationId { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public required string Subject { get; init; }

    public required string HtmlBody { get; init; }

    public required string TextBody { get; init; }

    public required string Tag { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
