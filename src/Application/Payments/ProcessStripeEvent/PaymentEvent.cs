using System.Text.Json.Serialization;
using Scholar.Domain.Payments;

namespace Scholar.Application.Payments.ProcessStripeEvent;

/// <summary>
/// A verified Stripe event, reduced to what fulfillment acts on. <see cref="ApiVersion"/> is the
/// version Stripe rendered it in, which need not be the one Scholar pins.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "fact")]
[JsonDerivedType(typeof(ChargeRefundedEvent), "refund")]
[JsonDerivedType(typeof(DisputeEvent), "dispute")]
public abstract record PaymentEvent(string EventId, string Type, bool Livemode, string? ApiVersion);

public enum SessionEventKind
{
    Completed,
    AsyncPaymentSucceeded,
    AsyncPaymentFailed,
    Expired,
}

/// <summary><c>checkout.session.*</c>: the session's state as Stripe reports it.</summary>
public sealed record CheckoutSessionEvent(
    string EventId,
    string Type,
    bool Livemode,
    string? ApiVersion,
    SessionEventKind Kind,
    string SessionId,
    Guid? PaymentId,
    string PaymentStatus,
    long? AmountTotal,
    string? Currency,
    string? PaymentIntentId) : PaymentEvent(EventId, Type, Livemode, ApiVersion);

/// <summary>A fact about a charge (refund or dispute): found by its payment intent, parked until that payment is known.</summary>
public abstract record ChargeEvent(string EventId, string Type, bool Livemode, string? ApiVersion, string ChargeId, string? PaymentIntentId)
    : PaymentEvent(EventId, Type, Livemode, ApiVersion);

/// <summary><c>charge.refunded</c>: the charge's cumulative refunded amount.</summary>
public sealed record ChargeRefundedEvent(
    string EventId,
    string Type,
    bool Livemode,
    string? ApiVersion,
    string ChargeId,
    string? PaymentIntentId,
    long AmountRefunded) : ChargeEvent(EventId, Type, Livemode, ApiVersion, ChargeId, PaymentIntentId);

/// <summary><c>charge.dispute.*</c>: the dispute's amount and where it stands.</summary>
public sealed record DisputeEvent(
    string EventId,
    string Type,
    bool Livemode,
    string? ApiVersion,
    string DisputeId,
    string ChargeId,
    string? PaymentIntentId,
    long Amount,
    DisputeState State,
    string Status) : ChargeEvent(EventId, Type, Livemode, ApiVersion, ChargeId, PaymentIntentId)
{
    /// <summary>
    /// Stripe's dispute statuses: <c>lost</c> keeps the money with the customer; <c>won</c>,
    /// <c>warning_closed</c> (an inquiry that ended) and <c>prevented</c> return it; every other status is open.
    /// </summary>
    public static DisputeState StateOf(string status) => status switch
    {
        "lost" => DisputeState.Lost,
        "won" or "warning_closed" or "prevented" => DisputeState.Won,
        _ => DisputeState.Open,
    };
}

/// <summary>A verified event of a type Scholar does not act on; acknowledged and recorded.</summary>
public sealed record IgnoredEvent(string EventId, string Type, bool Livemode, string? ApiVersion) : PaymentEvent(EventId, Type, Livemode, ApiVersion);
