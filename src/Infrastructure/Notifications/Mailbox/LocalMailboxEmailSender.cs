using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Scholar.Application.Abstractions;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Notifications.Mailbox;

/// <summary>
/// The Development default when no Postmark token is set: the email is stored in <c>mailbox_messages</c>
/// (in the transaction that records the notification as sent) for the console to show. Nothing leaves the process.
/// </summary>
public sealed class LocalMailboxEmailSender(AppDbContext db, IOptions<NotificationSettings> settings, TimeProvider clock) : IEmailProvider
{
    public string? Hop => null;

    public Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var stored = new MailboxMessage
        {
            NotificationId = message.NotificationId,
            From = settings.Value.PostmarkFrom ?? "scholar@localhost",
            To = message.To,
            Subject = message.Subject,
            HtmlBody = message.HtmlBody,
            TextBody = message.TextBody,
            Tag = message.Tag,
            CreatedAt = clock.GetUtcNow(),
        };
        db.MailboxMessages.Add(stored);
        return Task.FromResult(EmailSendResult.Accepted(MessageId(stored.Id)));
    }

    /// <summary>The mailbox row commits with the notification's outcome, so this finds one only after that commit.</summary>
    public async Task<EmailSendResult?> FindAcceptedAsync(Guid notificationId, CancellationToken cancellationToken)
    {
        var found = await db.MailboxMessages.AsNoTracking()
            .Where(m => m.NotificationId == notificationId)
            .Select(m => (Guid?)m.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return found is { } id ? EmailSendResult.Accepted(MessageId(id)) : null;
    }

    private static string MessageId(Guid mailboxMessageId) => $"mailbox-{mailboxMessageId}";
}
