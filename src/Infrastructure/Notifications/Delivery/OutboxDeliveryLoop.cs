using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Scholar.Application.Notifications.DeliverOutbox;

namespace Scholar.Infrastructure.Notifications.Delivery;

/// <summary>The background loop that runs <see cref="DeliverOutboxHandler"/> whenever outbox rows are written or come due.</summary>
public sealed class OutboxDeliveryLoop(
    IServiceScopeFactory scopes,
    NpgsqlDataSource dataSource,
    DispatchWakeUps wakeUps,
    IOptions<NotificationSettings> settings,
    ILogger<OutboxDeliveryLoop> logger)
    : ClaimLoop(scopes, dataSource, wakeUps, settings, logger)
{
    public const string NotifyChannel = "scholar_outbox";

    protected override string Channel => NotifyChannel;

    public override async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeliverOutboxHandler>().DeliverDueAsync(cancellationToken);
    }
}
