namespace Scholar.Infrastructure.Notifications.Outbox;

public enum OutboxStatus
{
    Pending,
    Sent,
    Dead,
}

/// <summary>
/// A message written in a business transaction and delivered afterwards by the dispatcher.
/// <see cref="Kind"/> names the delivery (e.g. <c>notification.send</c>); <see cref="Payload"/> is its JSON body.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Kind { get; init; }

    public required string Payload { get; init; }

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
}
