namespace Scholar.Domain.Notifications;

public enum OutboxStatus
{
    Pending,
    Sent,
    Dead,
}

/// <summary>
/// A message written in a business transaction and delivered afterwards by the outbox delivery.
/// <see cref="Kind"/> names the delivery (e.g. <c>notification.send</c>); <see cref="Payload"/> is its JSON body.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Kind { get; init; }

    public required string Payload { get; set; }

    /// <summary>Unique: the same business fact never queues two deliveries.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>W3C traceparent of the transaction that wrote the row, so delivery joins its trace.</summary>
    public string? TraceParent { get; init; }

    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>A new row due at once.</summary>
    public static OutboxMessage Queue(string kind, string payload, string idempotencyKey, DateTimeOffset now, string? traceParent) =>
        new()
        {
            Kind = kind,
            Payload = payload,
            IdempotencyKey = idempotencyKey,
            TraceParent = traceParent,
            CreatedAt = now,
            NextAttemptAt = now,
        };

    /// <summary>The payload with what was left to delivery time filled in (before its first attempt).</summary>
    public void CompletePayload(string payload) => Payload = payload;

    /// <summary>
    /// Counts one delivery attempt: delivered → sent; a transient failure → due again after
    /// <paramref name="retryAfter"/> until <paramref name="maxAttempts"/>; otherwise dead.
    /// </summary>
    /// <returns>The attempt's outcome as recorded in <c>webhook_attempts</c>: <c>success</c>, <c>retry</c> or <c>dead</c>.</returns>
    public string RecordAttempt(DeliveryOutcome outcome, string? error, DateTimeOffset now, int maxAttempts, TimeSpan retryAfter)
    {
        Attempts++;
        switch (outcome)
        {
            case DeliveryOutcome.Delivered:
                Status = OutboxStatus.Sent;
                ProcessedAt = now;
                LastError = null;
                return "success";
            case DeliveryOutcome.Retry when Attempts < maxAttempts:
                LastError = DeliveryAttempt.Truncate(error);
                NextAttemptAt = now + retryAfter;
                return "retry";
            default:
                DeadLetter(error, now);
                return "dead";
        }
    }

    public void DeadLetter(string? error, DateTimeOffset now)
    {
        Status = OutboxStatus.Dead;
        ProcessedAt = now;
        LastError = DeliveryAttempt.Truncate(error);
    }

    /// <summary>An operator retries a dead letter: it is due again with a fresh count. A sent message is never queued again.</summary>
    /// <returns>False when the message is not dead.</returns>
    public bool Requeue(DateTimeOffset now)
    {
        if (Status is not OutboxStatus.Dead)
        {
            return false;
        }

        Status = OutboxStatus.Pending;
        Attempts = 0;
        NextAttemptAt = now;
        ProcessedAt = null;
        return true;
    }
}

/// <summary>What one outbox delivery attempt came to.</summary>
public enum DeliveryOutcome
{
    Delivered,
    Retry,
    DeadLetter,
}
