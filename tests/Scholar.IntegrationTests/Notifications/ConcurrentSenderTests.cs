using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Notifications;
using Scholar.Infrastructure.Notifications.Delivery;

namespace Scholar.IntegrationTests.Notifications;

public sealed class ConcurrentSenderTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    [Fact]
    public async Task Two_senders_draining_1000_queued_messages_send_each_exactly_once()
    {
        const int count = 1000;
        await factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($$"""
            INSERT INTO notifications (id, template, channel, to_address, data, idempotency_key, status, attempts, next_attempt_at, created_at)
            SELECT gen_random_uuid(), 'welcome', 'email', 'bulk' || g || '@example.com', '{"name":"Ada"}'::jsonb, 'bulk:' || g, 'Queued', 0, now() - interval '1 minute', now()
            FROM generate_series(1, {{count}}) g
            """));
        var first = factory.Service<NotificationSendingLoop>();
        var second = new NotificationSendingLoop(
            factory.Service<IServiceScopeFactory>(), factory.Service<NpgsqlDataSource>(), factory.Service<DispatchWakeUps>(),
            factory.Service<IOptions<NotificationSettings>>(), NullLogger<NotificationSendingLoop>.Instance);

        var handled = await Task.WhenAll(DrainAsync(first), DrainAsync(second));

        Assert.Equal(count, handled.Sum());
        Assert.All(handled, h => Assert.True(h > 0, "both senders took part"));
        var mail = await factory.WithDbAsync(db => db.MailboxMessages.Where(m => m.To.StartsWith("bulk")).Select(m => m.NotificationId).ToListAsync());
        Assert.Equal(count, mail.Count);
        Assert.Equal(count, mail.Distinct().Count());
        Assert.Equal(count, await factory.WithDbAsync(db => db.Notifications.CountAsync(n => n.To.StartsWith("bulk") && n.Status == NotificationStatus.Sent && n.Attempts == 1)));
    }

    private static async Task<int> DrainAsync(NotificationSendingLoop sender)
    {
        var total = 0;
        int handled;
        while ((handled = await sender.DispatchOnceAsync(default)) > 0)
        {
            total += handled;
        }

        return total;
    }
}
