using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Credits;
using Scholar.Domain.Common;
using Scholar.Domain.Credits;
using Scholar.Domain.Payments;

namespace Scholar.Application.Payments.ProcessStripeEvent;

public enum StripeEventOutcome
{
    Processed,
    Duplicate,
    Ignored,
}

/// <summary>
/// Applies one verified Stripe event in ONE transaction: the event id is recorded (unique), the
/// payment row is locked, the payment changes state, the ledger entry and the receipt's outbox row
/// are written — all or nothing. A replay finds the event id and changes nothing; concurrent
/// deliveries of one event wait on the unique index and then see it as a replay.
/// </summary>
public sealed class StripeEventProcessor(IAppDbContext db, ICreditLedger ledger, ITransactionRunner transactions, INotificationOutbox outbox, TimeProvider clock)
{
    public const string Actor = "provider_register";

    public Task<StripeEventOutcome> HandleAsync(PaymentEvent stripeEvent, CancellationToken ct) =>
        transactions.ExecuteAsync(c => ProcessAsync(stripeEvent, c), ct);

    private async Task<StripeEventOutcome> ProcessAsync(PaymentEvent stripeEvent, CancellationToken ct)
    {
        var now = clock.GetUtcNow();

        var inserted = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO stripe_events (event_id, type, livemode, received_at, outcome)
            VALUES ({stripeEvent.EventId}, {stripeEvent.Type}, {stripeEvent.Livemode}, {now}, 'processing')
            ON CONFLICT (event_id) DO NOTHING
            """, ct);
        if (inserted == 0)
        {
            return StripeEventOutcome.Duplicate;
        }

        // Tracked as the row just inserted, so its outcome is written by the same batch as the effect.
        var record = new ProcessedStripeEvent
        {
            EventId = stripeEvent.EventId, Type = stripeEvent.Type, Livemode = stripeEvent.Livemode, ReceivedAt = now, Outcome = "processing",
        };
        db.StripeEvents.Attach(record);

        var payment = await LockPaymentAsync(stripeEvent, ct);
        record.Outcome = payment is null ? "no_matching_payment" : await ApplyAsync(stripeEvent, payment, now, ct);
        record.PaymentId = payment?.Id;
        return stripeEvent is IgnoredEvent ? StripeEventOutcome.Ignored : StripeEventOutcome.Processed;
    }

    private async Task<string> ApplyAsync(PaymentEvent stripeEvent, Payment payment, DateTimeOffset now, CancellationToken ct)
    {
        switch (stripeEvent)
        {
            case CheckoutSessionEvent { Kind: SessionEventKind.Completed or SessionEventKind.AsyncPaymentSucceeded } e
                when e.PaymentStatus == "paid":
                if (!payment.MarkPaid(e.AmountTotal ?? -1, e.Currency ?? "", e.PaymentIntentId, e.Livemode, now))
                {
                    return payment.Status == PaymentStatus.NeedsReview ? "needs_review" : "already_settled";
                }

                // Read before the ledger locks the account, so the lock is held for as few round trips as possible.
                var name = await db.Users.Where(u => u.Id == payment.UserId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
                await PostAsync(payment, LedgerEntryKind.Purchase, payment.Credits, $"Purchase of package {payment.PackageId}", payment.Id.ToString(), ct);
                outbox.Enqueue(new NotificationRequest("purchase_receipt", payment.CustomerEmail,
                    new Dictionary<string, string>
                    {
                        ["name"] = name ?? payment.CustomerEmail.Split('@')[0],
                        ["credits"] = payment.Credits.ToString(CultureInfo.InvariantCulture),
                        ["amountFormatted"] = Money.Format(payment.AmountCents, payment.Currency),
                        ["paymentId"] = payment.Id.ToString(),
                    },
                    ReceiptKey(payment.Id)));
                return "fulfilled";

            case CheckoutSessionEvent { Kind: SessionEventKind.Completed }:
                return "awaiting_async_payment";

            case CheckoutSessionEvent { Kind: SessionEventKind.AsyncPaymentFailed }:
                payment.MarkFailed(now);
                return "failed";

            case CheckoutSessionEvent { Kind: SessionEventKind.Expired }:
                payment.MarkExpired(now);
                return "expired";

            case ChargeRefundedEvent e:
                var reverse = payment.ApplyRefund(e.ChargeId, e.AmountRefunded, now);
                if (reverse > 0)
                {
                    await PostAsync(payment, LedgerEntryKind.Refund, -reverse,
                        $"Refund of {Money.Format(payment.RefundedCents, payment.Currency)} on payment {payment.Id}", $"{e.ChargeId}:{payment.RefundedCents}", ct);
                }

                return reverse > 0 ? "refund_reversed" : "refund_already_applied";

            case DisputeEvent e:
                var delta = e.Closed
                    ? payment.CloseDispute(e.DisputeId, e.ChargeId, e.Status == "won", now)
                    : payment.OpenDispute(e.DisputeId, e.ChargeId, now);
                if (delta != 0)
                {
                    // A won dispute gives back what the dispute took: a reversal of the dispute entry.
                    await PostAsync(payment, delta < 0 ? LedgerEntryKind.Dispute : LedgerEntryKind.Reversal, delta,
                        delta < 0 ? $"Dispute {e.DisputeId} on payment {payment.Id}" : $"Dispute {e.DisputeId} won on payment {payment.Id}",
                        e.DisputeId, ct);
                }

                return e.Closed ? $"dispute_closed_{e.Status}" : "dispute_opened";

            default:
                return "ignored";
        }
    }

    /// <summary>The idempotency key of a payment's receipt request, by which its notification is found.</summary>
    public static string ReceiptKey(Guid paymentId) => $"receipt:{paymentId}";

    /// <summary>Source id + kind are unique in the ledger, so each fact is credited once whatever retries happen.</summary>
    private Task<LedgerAppendResult> PostAsync(Payment payment, LedgerEntryKind kind, int delta, string reason, string sourceId, CancellationToken ct) =>
        ledger.AppendAsync(new LedgerAppend(payment.UserId, kind, delta, reason, "stripe", sourceId, $"stripe:{kind.ToWireName()}:{sourceId}", Actor), ct);

    /// <summary>Finds the payment an event is about and locks its row for this transaction.</summary>
    private async Task<Payment?> LockPaymentAsync(PaymentEvent stripeEvent, CancellationToken ct)
    {
        IQueryable<Payment> query = stripeEvent switch
        {
            CheckoutSessionEvent { PaymentId: { } id } => db.Payments.FromSql($"SELECT * FROM payments WHERE id = {id} FOR UPDATE"),
            CheckoutSessionEvent e => db.Payments.FromSql($"SELECT * FROM payments WHERE checkout_session_id = {e.SessionId} FOR UPDATE"),
            ChargeRefundedEvent { PaymentIntentId: { } pi } => db.Payments.FromSql($"SELECT * FROM payments WHERE payment_intent_id = {pi} FOR UPDATE"),
            DisputeEvent { PaymentIntentId: { } pi } => db.Payments.FromSql($"SELECT * FROM payments WHERE payment_intent_id = {pi} FOR UPDATE"),
            DisputeEvent e => db.Payments.FromSql($"SELECT * FROM payments WHERE charge_id = {e.ChargeId} FOR UPDATE"),
            _ => db.Payments.Where(_ => false),
        };
        return await query.SingleOrDefaultAsync(ct);
    }
}
