using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Scholar.Infrastructure.Notifications.Outbox;
using Scholar.Infrastructure.Ops.Telemetry;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Notifications.Delivery;

/// <summary>Delivers <c>outbox_messages</c> by kind, retrying with backoff and dead-lettering after N attempts.</summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    NpgsqlDataSource dataSource,
    IOptions<NotificationSettings> settings,
    ILogger<OutboxDispatcher> logger)
    : ClaimLoop(scopes, dataSource, settings, logger)
{
    public const string NotifyChannel = "scholar_outbox";

    protected override string Channel => NotifyChannel;

    /// <summary>One batch of due rows in one transaction: a delivery repeated after a crash is harmless, as <c>/api/send</c> is idempotent by key.</summary>
    public override async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await InTransactionAsync(db, () => DispatchBatchAsync(scope.ServiceProvider, db, cancellationToken), cancellationToken);
    }

    private async Task<int> DispatchBatchAsync(IServiceProvider services, AppDbContext db, CancellationToken cancellationToken)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var backoff = services.GetRequiredService<RetryBackoff>();
        var deliveries = services.GetServices<IOutboxDelivery>().ToDictionary(d => d.Kind, StringComparer.Ordinal);

        var now = clock.GetUtcNow();
        var batch = await db.OutboxMessages
            .FromSql($"""
                SELECT * FROM outbox_messages
                WHERE status = 'Pending' AND next_attempt_at <= {now}
                ORDER BY next_attempt_at
                LIMIT {Settings.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);

        foreach (var message in batch)
        {
            if (!deliveries.TryGetValue(message.Kind, out var delivery))
            {
                message.Status = OutboxStatus.Dead;
                message.LastError = $"No delivery handles kind '{message.Kind}'.";
                continue;
            }

            // The delivery joins the trace of the transaction that wrote the row.
            using var span = ScholarTracing.Continue("outbox deliver " + message.Kind, message.TraceParent);
            var clockStart = Stopwatch.GetTimestamp();
            DeliveryResult result;
            try
            {
                result = await delivery.DeliverAsync(message, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                result = new DeliveryResult(DeliveryOutcome.Retry, null, e.GetType().Name + ": " + e.Message);
            }

            message.Attempts++;
            var at = clock.GetUtcNow();
            var outcome = Apply(message, result, at, backoff);
            db.WebhookAttempts.Add(WebhookAttempt.Outbound(delivery.Hop, message.IdempotencyKey, result.StatusCode, outcome, clockStart, result.Error, at));
            if (outcome == "dead")
            {
                logger.LogError("Outbox message {Id} ({Kind}) dead-lettered after {Attempts} attempts: {Error}",
                    message.Id, message.Kind, message.Attempts, message.LastError);
            }
        }

        return batch.Count;
    }

    private static string Apply(OutboxMessage message, DeliveryResult result, DateTimeOffset now, RetryBackoff backoff)
    {
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                message.Status = OutboxStatus.Sent;
                message.ProcessedAt = now;
                message.LastError = null;
                return "success";
            case DeliveryOutcome.Retry when message.Attempts < backoff.MaxAttempts:
                message.LastError = WebhookAttempt.Truncate(result.Error);
                message.NextAttemptAt = now + backoff.DelayAfter(message.Attempts);
                return "retry";
            default:
                message.Status = OutboxStatus.Dead;
                message.ProcessedAt = now;
                message.LastError = WebhookAttempt.Truncate(result.Error);
                return "dead";
        }
    }
}
