using Scholar.Application.Payments.ProcessStripeEvent;
using Stripe;
using Stripe.Checkout;

namespace Scholar.Infrastructure.Payments.Stripe;

/// <summary>The signature did not verify, the timestamp is outside the tolerance, or the body is not an event.</summary>
public sealed class InvalidStripeWebhookException(string message) : Exception(message);

/// <summary>
/// Verifies a webhook exactly as Stripe documents it (Stripe.net's <see cref="EventUtility"/>,
/// 300 s tolerance, API version pinned to the Stripe.net in use) and reduces the event to what
/// fulfillment acts on.
/// </summary>
public sealed class StripeWebhookReader(StripeSettings settings, TimeProvider clock)
{
    public const long ToleranceSeconds = 300;

    public PaymentEvent Read(string json, string? signatureHeader)
    {
        if (string.IsNullOrEmpty(settings.WebhookSecret))
        {
            throw new InvalidOperationException("Missing required setting STRIPE_WEBHOOK_SECRET.");
        }

        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            throw new InvalidStripeWebhookException("The Stripe-Signature header is missing.");
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, signatureHeader, settings.WebhookSecret, ToleranceSeconds,
                clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: true);
        }
        catch (StripeException e)
        {
            throw new InvalidStripeWebhookException(e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // ConstructEvent is pure computation over the payload, so anything else it throws (duplicate
            // keys, no api_version, wrong types …) means a signed body that is no Stripe event: a bad
            // request, never a 5xx that Stripe would retry.
            throw new InvalidStripeWebhookException("The payload is not a well-formed Stripe event.");
        }

        return Reduce(stripeEvent);
    }

    private static PaymentEvent Reduce(Event e) => (e.Type, e.Data.Object) switch
    {
        (EventTypes.CheckoutSessionCompleted, Session s) => Session(e, s, SessionEventKind.Completed),
        (EventTypes.CheckoutSessionAsyncPaymentSucceeded, Session s) => Session(e, s, SessionEventKind.AsyncPaymentSucceeded),
        (EventTypes.CheckoutSessionAsyncPaymentFailed, Session s) => Session(e, s, SessionEventKind.AsyncPaymentFailed),
        (EventTypes.CheckoutSessionExpired, Session s) => Session(e, s, SessionEventKind.Expired),
        (EventTypes.ChargeRefunded, Charge c) => new ChargeRefundedEvent(e.Id, e.Type, e.Livemode, c.Id, c.PaymentIntentId, c.AmountRefunded),
        (EventTypes.ChargeDisputeCreated, Dispute d) => new DisputeEvent(e.Id, e.Type, e.Livemode, d.Id, d.ChargeId, d.PaymentIntentId, false, d.Status),
        (EventTypes.ChargeDisputeClosed, Dispute d) => new DisputeEvent(e.Id, e.Type, e.Livemode, d.Id, d.ChargeId, d.PaymentIntentId, true, d.Status),
        _ => new IgnoredEvent(e.Id, e.Type, e.Livemode),
    };

    private static CheckoutSessionEvent Session(Event e, Session s, SessionEventKind kind)
    {
        var paymentId = Guid.TryParse(s.ClientReferenceId, out var byReference) ? byReference
            : s.Metadata?.TryGetValue("payment_id", out var value) == true && Guid.TryParse(value, out var byMetadata) ? byMetadata
            : (Guid?)null;
        return new CheckoutSessionEvent(e.Id, e.Type, e.Livemode, kind, s.Id, paymentId, s.PaymentStatus, s.AmountTotal, s.Currency, s.PaymentIntentId);
    }
}
