namespace Scholar.Domain.Payments;

/// <summary>Inbox record: a Stripe event id is processed once; replays find it and change nothing.</summary>
public sealed class ProcessedStripeEvent
{
    public required string EventId { get; init; }

    public required string Type { get; init; }

    public bool Livemode { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>What processing did: fulfilled, needs_review, refund_reversed, ignored, ….</summary>
    public required string Outcome { get; set; }

    public Guid? PaymentId { get; set; }
}
