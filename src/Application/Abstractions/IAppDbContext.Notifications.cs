using Microsoft.EntityFrameworkCore;
using Scholar.Domain.Notifications;

namespace Scholar.Application.Abstractions;

public partial interface IAppDbContext
{
    DbSet<Notification> Notifications { get; }

    DbSet<NotificationEvent> NotificationEvents { get; }

    DbSet<SuppressedRecipient> SuppressedRecipients { get; }

    DbSet<InboxTestMessage> InboxTestMessages { get; }

    DbSet<OutboxMessage> OutboxMessages { get; }

    /// <summary>Each delivery attempt on a hop (table <c>webhook_attempts</c>).</summary>
    DbSet<DeliveryAttempt> DeliveryAttempts { get; }

    /// <summary>One row: whether email sending is halted for every instance.</summary>
    DbSet<EmailSendingHalt> EmailSendingHalts { get; }
}
