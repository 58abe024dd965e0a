using Microsoft.EntityFrameworkCore;
using Scholar.Infrastructure.Notifications.Outbox;

namespace Scholar.Infrastructure.Persistence;

public sealed partial class AppDbContext
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
}
