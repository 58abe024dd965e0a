namespace Scholar.Application.Payments.ProcessStripeEvent;

/// <summary>A verified Stripe event, reduced to what fulfillment acts on.</summary>
public abstract record PaymentEvent(string EventId, string Type, bool Livemode);

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
    SessionEventKind Kind,
    string SessionId,
    Guid? PaymentId,
    string PaymentStatus,
    long? AmountTotal,
    string? Currency,
    string? PaymentIntentId) : PaymentEvent(EventId, Type, Livemode);

/// <summary><c>charge.refunded</c>: the charge's cumulative refunded amount.</summary>
public sealed record ChargeRefundedEvent(
    string EventId,
    string Type,
    bool Livemode,
    string ChargeId,
    string? PaymentIntentId,
    long AmountRefunded) : PaymentEvent(EventId, Type, Livemode);

/// <summary><c>charge.dispute.created|closed</c>.</summary>
public sealed record DisputeEvent(
    string EventId,
    string Type,
    bool Livemode,
    string DisputeId,
    string ChargeId,
    string? PaymentIntentId,
    bool Closed,
    string Status) : PaymentEvent(EventId, Type, Livemode);

/// <summary>A verified event of a type Scholar does not act on; acknowledged and recorded.</summary>
public sealed record IgnoredEvent(string EventId, string Type, bool Livemode) : PaymentEvent(EventId, Type, Livemode);
