using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Scholar.Application.Notifications.SendQueuedNotification;

namespace Scholar.Infrastructure.Notifications.Delivery;

/// <summary>
/// The background loop that runs <see cref="SendQueuedNotificationHandler"/> whenever notifications are
/// queued or come due. Claims are committed before the call, so workers never share a message.
/// </summary>
public sealed class NotificationSendingLoop(
    IServiceScopeFactory scopes,
    NpgsqlDataSource dataSource,
    DispatchWakeUps wakeUps,
    IOptions<NotificationSettings> settings,
    ILogger<NotificationSendingLoop> logger)
    : ClaimLoop(scopes, dataSource, wakeUps, settings, logger)
{
    public const string NotifyChannel = "scholar_notifications";

    protected override string Channel => NotifyChannel;

    protected override int Workers => Settings.SendConcurrency;

    public override async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SendQueuedNotificationHandler>().SendNextAsync(cancellationToken);
    }
}
