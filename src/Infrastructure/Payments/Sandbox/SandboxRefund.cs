namespace Scholar.Infrastructure.Payments.Sandbox;

/// <summary>One refund the sandbox granted; its idempotency key makes a retried request return the same refund, as Stripe's does.</summary>
public sealed class SandboxRefund
{
    public required string Id { get; init; }

    public required string SessionId { get; init; }

    public required string IdempotencyKey { get; init; }

    public long AmountCents { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
