using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Domain.Notifications;

namespace Scholar.Application.Notifications.DeliverOutbox;

/// <summary>
/// Delivers due <c>outbox_messages</c> by kind, retrying with backoff and dead-lettering after N
/// attempts. One batch is one transaction: a delivery repeated after a crash is harmless, as every
/// delivery is idempotent by the row's key (<c>/api/send</c>) or harmless to repeat (an alert post).
/// </summary>
public sealed class DeliverOutboxHandler(
    IAppDbContext db,
    ITransactionRunner transactions,
    IEnumerable<IOutboxDelivery> deliveries,
    INotificationOutbox notifications,
    RetryBackoff backoff,
    DeliveryTuning tuning,
    TimeProvider clock,
    ILogger<DeliverOutboxHandler> logger)
{
    /// <summary>Claims due rows (<c>FOR UPDATE SKIP LOCKED</c>), delivers them and records the outcomes; returns how many were handled.</summary>
    public Task<int> DeliverDueAsync(CancellationToken cancellationToken) =>
        transactions.ExecuteAsync(DeliverBatchAsync, cancellationToken);

    private async Task<int> DeliverBatchAsync(CancellationToken cancellationToken)
    {
        var byKind = deliveries.ToDictionary(d => d.Kind, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var batch = await db.OutboxMessages
            .FromSql($"""
                SELECT * FROM outbox_messages
                WHERE status = 'Pending' AND next_attempt_at <= {now}
                ORDER BY next_attempt_at
                LIMIT {tuning.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        await notifications.CompleteAsync(batch, cancellationToken);

        // The batch's deliveries run at once (each is an independent HTTP call; the context is not touched
        // until all have answered), then their outcomes are recorded in this transaction, in batch order.
        var attempts = await Task.WhenAll(batch.Select(m => AttemptAsync(m, byKind.GetValueOrDefault(m.Kind), cancellationToken)));
        foreach (var (message, delivery, result, started) in attempts)
        {
            if (delivery is null)
            {
                message.DeadLetter($"No delivery handles kind '{message.Kind}'.", clock.GetUtcNow());
                continue;
            }

            var at = clock.GetUtcNow();
            var outcome = message.RecordAttempt(result.Outcome, result.Error, at, backoff.MaxAttempts, backoff.DelayAfter(message.Attempts + 1));
            db.DeliveryAttempts.Add(DeliveryAttempt.Outbound(delivery.Hop, message.IdempotencyKey, result.StatusCode, outcome, started, result.Error, at));
            if (message.Status is OutboxStatus.Dead)
            {
                logger.LogError("Outbox message {Id} ({Kind}) dead-lettered after {Attempts} attempts: {Error}",
                    message.Id, message.Kind, message.Attempts, message.LastError);
            }
        }

        return batch.Count;
    }

    /// <summary>One message's delivery, in the trace of the transaction that wrote it; a transport failure is a retry.</summary>
    private static async Task<(OutboxMessage Message, IOutboxDelivery? Delivery, DeliveryResult Result, long Started)> AttemptAsync(
        OutboxMessage message, IOutboxDelivery? delivery, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (delivery is null)
        {
            return (message, null, new DeliveryResult(DeliveryOutcome.DeadLetter, null, null), started);
        }

        using var span = ScholarTracing.Continue("outbox deliver " + message.Kind, message.TraceParent);
        try
        {
            return (message, delivery, await delivery.DeliverAsync(message, cancellationToken), started);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (message, delivery, new DeliveryResult(DeliveryOutcome.Retry, null, e.GetType().Name + ": " + e.Message), started);
        }
    }
}
