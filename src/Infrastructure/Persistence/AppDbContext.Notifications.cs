using Microsoft.EntityFrameworkCore;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Notifications.Mailbox;

namespace Scholar.Infrastructure.Persistence;

public sealed partial class AppDbContext
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<NotificationEvent> NotificationEvents => Set<NotificationEvent>();

    public DbSet<SuppressedRecipient> SuppressedRecipients => Set<SuppressedRecipient>();

    public DbSet<InboxTestMessage> InboxTestMessages => Set<InboxTestMessage>();

    public DbSet<DeliveryAttempt> DeliveryAttempts => Set<DeliveryAttempt>();

    public DbSet<EmailSendingHalt> EmailSendingHalts => Set<EmailSendingHalt>();

    public DbSet<MailboxMessage> MailboxMessages => Set<MailboxMessage>();
}
