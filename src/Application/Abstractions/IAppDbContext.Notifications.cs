using Microsoft.EntityFrameworkCore;
using Scholar.Domain.Notifications;

namespace Scholar.Application.Abstractions;

public partial interface IAppDbContext
{
    DbSet<Notification> Notifications { get; }

    DbSet<NotificationEvent> NotificationEvents { get; }

    DbSet<SuppressedRecipient> SuppressedRecipients { get; }

    DbSet<InboxTestMessage> InboxTestMessages { get; }
}
