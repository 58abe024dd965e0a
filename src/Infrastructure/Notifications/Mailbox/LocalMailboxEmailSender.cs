using Microsoft.Extensions.Options;
using Scholar.Application.Abstractions;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Notifications.Mailbox;

/// <summary>
/// The Development default when no Postmark token is set: the email is stored in <c>mailbox_messages</c>
/// (in the sender's transaction) for the console to show. Nothing leaves the process.
/// </summary>
public sealed class LocalMailboxEmailSender(AppDbContext db, IOptions<NotificationSettings> settings, TimeProvider clock) : IEmailSender
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
        return Task.FromResult(EmailSendResult.Accepted($"mailbox-{stored.Id}"));
    }
}
