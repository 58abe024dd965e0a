using Scholar.Infrastructure.Notifications.Outbox;

namespace Scholar.Infrastructure.Notifications.Delivery;

public enum DeliveryOutcome
{
    Delivered,
    Retry,
    DeadLetter,
}

public sealed record DeliveryResult(DeliveryOutcome Outcome, int? StatusCode, string? Error);

/// <summary>Delivers outbox rows of one <see cref="Kind"/>; the dispatcher handles claiming, retries and recording.</summary>
public interface IOutboxDelivery
{
    string Kind { get; }

    /// <summary>The hop recorded in <c>webhook_attempts</c> for each attempt.</summary>
    string Hop { get; }

    Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}
