using Scholar.Application.Credits;
using Scholar.Application.Notifications.GetNotification;
using Scholar.Application.Payments.ListPayments;
using Scholar.Application.Payments.GetPaymentTrail;

namespace Scholar.Application.Payments.GetPaymentDetail;

public sealed record PaymentDetail(
    PaymentSummary Payment,
    string? CheckoutSessionId,
    string? PaymentIntentId,
    string? ChargeId,
    long RefundedCents,
    string? DisputeId,
    string? ReviewReason,
    long? Balance,
    IReadOnlyList<LedgerEntryView> LedgerEntries,
    IReadOnlyList<StripeEventView> StripeEvents,
    NotificationView? Receipt);

/// <summary>A Stripe event recorded for the payment and what processing it did.</summary>
public sealed record StripeEventView(string EventId, string Type, string Outcome, DateTimeOffset ReceivedAt);

/// <summary>
/// One payment as an operator checks it: its state, the ledger entries it caused (purchase, refund
/// and dispute reversals), the Stripe events recorded for it and the receipt's delivery.
/// </summary>
public sealed class GetPaymentDetailHandler(GetPaymentTrailHandler trails, GetNotificationHandler notifications)
{
    public async Task<PaymentDetail> HandleAsync(Guid paymentId, CancellationToken ct)
    {
        var trail = await trails.HandleAsync(paymentId, ct);
        var p = trail.Payment;
        var receipt = trail.Receipt is { } r ? await notifications.HandleAsync(r.Id, ct) : null;

        return new PaymentDetail(
            ListPaymentsHandler.Summarize(p), p.CheckoutSessionId, p.PaymentIntentId, p.ChargeId, p.RefundedCents, p.DisputeId, p.ReviewReason,
            trail.Account?.Balance, [.. trail.Entries.Select(LedgerEntryView.From)],
            [.. trail.StripeEvents.Select(e => new StripeEventView(e.EventId, e.Type, e.Outcome, e.ReceivedAt))], receipt);
    }
}
