namespace Scholar.Infrastructure.Payments.Sandbox;

/// <summary>A Checkout Session held by the local sandbox gateway (Development only, no money moves).</summary>
public sealed class SandboxSession
{
    public required string Id { get; init; }

    public Guid PaymentId { get; init; }

    public Guid UserId { get; init; }

    public required string PackageId { get; init; }

    public required string PackageName { get; init; }

    public int Credits { get; init; }

    public long AmountCents { get; init; }

    public required string Currency { get; init; }

    public required string CustomerEmail { get; init; }

    /// <summary>open, complete or expired — as Stripe spells a session's status.</summary>
    public string Status { get; set; } = "open";

    /// <summary>unpaid or paid.</summary>
    public string PaymentStatus { get; set; } = "unpaid";

    public string? PaymentIntentId { get; set; }

    public string? ChargeId { get; set; }

    /// <summary>The charge's cumulative refunded amount, as Stripe reports <c>amount_refunded</c>.</summary>
    public long AmountRefunded { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
