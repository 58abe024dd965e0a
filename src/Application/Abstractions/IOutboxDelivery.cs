using Scholar.Domain.Notifications;

namespace Scholar.Application.Abstractions;

public sealed record DeliveryResult(DeliveryOutcome Outcome, int? StatusCode, string? Error);

/// <summary>Carries outbox rows of one <see cref="Kind"/> to where they go; claiming, retries and recording are the use case's.</summary>
public interface IOutboxDelivery
{
    string Kind { get; }

    /// <summary>The hop recorded in <c>webhook_attempts</c> for each attempt.</summary>
    string Hop { get; }

    Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}
