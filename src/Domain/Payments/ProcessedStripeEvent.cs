namespace Scholar.Domain.Payments;

/// <summary>
/// Inbox record: a Stripe event id is processed once; replays find it and change nothing. A refund or
/// dispute whose payment is not known yet is kept here as <see cref="Parked"/> with its fact, and is
/// applied in the transaction that fulfils the payment.
/// </summary>
public sealed class ProcessedStripeEvent
{
    public const string Parked = "parked";

    public required string EventId { get; init; }

    public required string Type { get; init; }

    public bool Livemode { get; init; }

    /// <summary>The API version the event was rendered in (the account's or the endpoint's), as Stripe sent it.</summary>
    public string? ApiVersion { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>What processing did: fulfilled, needs_review, refund_reversed, parked, ignored, ….</summary>
    public required string Outcome { get; set; }

    public Guid? PaymentId { get; set; }

    /// <summary>The payment intent a charge event names: how a parked fact finds its payment.</summary>
    public string? PaymentIntentId { get; init; }

    /// <summary>The fact of a parked event (JSON), kept until its payment is fulfilled; null otherwise.</summary>
    public string? ParkedFact { get; set; }
}
