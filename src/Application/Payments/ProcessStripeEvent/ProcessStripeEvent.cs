using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Credits;
using Scholar.Domain.Common;
using Scholar.Domain.Credits;
using Scholar.Domain.Payments;

namespace Scholar.Application.Payments.ProcessStripeEvent;

/// <summary>
/// Applies one verified Stripe event in ONE transaction: the event id is recorded (unique), the
/// payment row is locked, the payment changes state, the ledger entries and the receipt's outbox row
/// are written — all or nothing. A replay finds the event id and changes nothing; concurrent
/// deliveries of one event wait on the unique index and then see it as a replay.
/// <para>
/// Refunds and disputes are facts about a charge: the payment keeps the latest facts and the ledger
/// receives only the difference between the credits those facts take back and what was already taken,
/// so every delivery order ends in the same balance and status. A charge fact whose payment is not
/// known yet is parked and applied in the transaction that fulfils the payment; an advisory lock on
/// the payment intent orders the two, so a fact is never parked after its payment's fulfilment looked.
/// </para>
/// </summary>
public sealed class StripeEventProcessor(IAppDbContext db, ICreditLedger ledger, ITransactionRunner transactions, INotificationOutbox outbox, TimeProvider clock)
{
    public const string Actor = "provider_register";

    /// <summary>The outcome of an event id seen before: nothing was changed.</summary>
    public const string Duplicate = "duplicate";

    public const string Ignored = "ignored";

    private static readonly JsonSerializerOptions FactJson = new(JsonSerializerDefaults.Web);

    /// <returns>What processing did, as recorded in <c>stripe_events.outcome</c> (or <see cref="Duplicate"/>).</returns>
    public Task<string> HandleAsync(PaymentEvent stripeEvent, CancellationToken ct) =>
        transactions.ExecuteAsync(c => ProcessAsync(stripeEvent, c), ct);

    private async Task<string> ProcessAsync(PaymentEvent stripeEvent, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var paymentIntentId = (stripeEvent as ChargeEvent)?.PaymentIntentId;

        // The inbox insert takes an advisory lock in the same round trip: on the charge an event is about
        // (so parking and fulfilment of one payment intent never interleave), else on the event itself.
        // When the payment is found by a column that never changes (its id or checkout session), the same
        // round trip then locks its row, only when the event is new: one round trip for the usual case. A
        // charge's payment is found by its payment intent or charge, which fulfilment sets: that look-up
        // must be a statement of its own, whose snapshot is taken after the advisory lock was granted.
        var lockKey = ChargeKey(stripeEvent) ?? stripeEvent.EventId;
        var inbox = InboxParameters(stripeEvent, paymentIntentId, lockKey, now);
        Payment? payment = null;
        string? knownUnparked = null;
        if (PaymentById(stripeEvent) is not { } match)
        {
            if (await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(InboxInsert, inbox), ct) == 0)
            {
                return Duplicate;
            }

            payment = PaymentByCharge(stripeEvent) is { } charge ? await LockPaymentAsync(charge, ct) : null;
        }
        else
        {
            // A paid checkout session settles a payment intent whose refunds and disputes may be parked. Its
            // payment is locked by a second statement of the same round trip, whose snapshot is taken after the
            // inbox statement was granted the intent's advisory lock, and only when no fact is parked for the
            // intent: then the fulfilment needs no look-up of its own (ApplyParkedAsync). The column comes
            // from PaymentById's fixed pair; every value is a parameter.
            var intent = ChargeKey(stripeEvent);
            payment = (await db.Payments
                .FromSql(FormattableStringFactory.Create(
                    intent is null
                        ? $$"""
                          WITH inbox AS ({{InboxInsert}} RETURNING event_id)
                          SELECT p.* FROM payments p WHERE p.{{match.Column}} = {7} AND EXISTS (SELECT 1 FROM inbox) FOR UPDATE OF p
                          """
                        : $$"""
                          {{InboxInsert}};
                          SELECT p.* FROM payments p WHERE p.{{match.Column}} = {7}
                            AND EXISTS (SELECT 1 FROM stripe_events e WHERE e.event_id = {0} AND e.outcome = 'processing')
                            AND NOT EXISTS (SELECT 1 FROM stripe_events e WHERE e.outcome = {8} AND e.payment_intent_id = {6})
                          FOR UPDATE OF p
                          """,
                    [.. inbox, match.Value, ProcessedStripeEvent.Parked]))
                .ToListAsync(ct)).SingleOrDefault();
            // No row: the event was seen before, or it is new and no payment matches (or, for a paid session,
            // facts are parked for its intent). Only this transaction can see a row of its own still
            // 'processing' (every other commits its final outcome with it).
            if (payment is null && await db.StripeEvents.AsNoTracking().Where(e => e.EventId == stripeEvent.EventId)
                    .Select(e => e.Outcome).SingleOrDefaultAsync(ct) != "processing")
            {
                return Duplicate;
            }

            if (payment is not null)
            {
                knownUnparked = intent;
            }
            else if (intent is not null)
            {
                payment = await LockPaymentAsync(match, ct);
            }
        }

        // Tracked as the row just inserted, so its outcome is written by the same batch as the effect.
        var record = new ProcessedStripeEvent
        {
            EventId = stripeEvent.EventId, Type = stripeEvent.Type, Livemode = stripeEvent.Livemode, ApiVersion = stripeEvent.ApiVersion,
            PaymentIntentId = paymentIntentId, ReceivedAt = now, Outcome = "processing",
        };
        db.StripeEvents.Attach(record);
        if (stripeEvent is IgnoredEvent)
        {
            return record.Outcome = Ignored;
        }

        if (payment is null)
        {
            if (stripeEvent is ChargeEvent fact)
            {
                record.ParkedFact = JsonSerializer.Serialize<PaymentEvent>(fact, FactJson);
                return record.Outcome = ProcessedStripeEvent.Parked;
            }

            return record.Outcome = "no_matching_payment";
        }

        record.PaymentId = payment.Id;
        return record.Outcome = await ApplyAsync(stripeEvent, payment, knownUnparked, now, ct);
    }

    /// <summary>What the advisory lock of an event is keyed on: the payment intent (or charge) it is about, once money moved.</summary>
    private static string? ChargeKey(PaymentEvent stripeEvent) => stripeEvent switch
    {
        ChargeEvent e => e.PaymentIntentId ?? e.ChargeId,
        CheckoutSessionEvent { PaymentIntentId: { } pi, PaymentStatus: "paid" } => pi,
        _ => null,
    };

    /// <summary>The event's effect on its locked payment; <paramref name="knownUnparked"/> is an intent seen without parked facts under its advisory lock.</summary>
    private async Task<string> ApplyAsync(PaymentEvent stripeEvent, Payment payment, string? knownUnparked, DateTimeOffset now, CancellationToken ct)
    {
        switch (stripeEvent)
        {
            case CheckoutSessionEvent { Kind: SessionEventKind.Completed or SessionEventKind.AsyncPaymentSucceeded } e
                when e.PaymentStatus == "paid":
                var wasSettled = payment.IsSettled;
                var grant = payment.MarkPaid(e.AmountTotal ?? -1, e.Currency ?? "", e.PaymentIntentId, e.Livemode, now);
                if (grant)
                {
                    await GrantAsync(payment, ct);
                }

                if (!wasSettled)
                {
                    // The payment is known from now on: the charge facts that came before it are applied with it.
                    await ApplyParkedAsync(payment, knownUnparked, now, ct);
                }

                return grant ? "fulfilled" : payment.Status == PaymentStatus.NeedsReview ? "needs_review" : "already_settled";

            case CheckoutSessionEvent { Kind: SessionEventKind.Completed }:
                return "awaiting_async_payment";

            case CheckoutSessionEvent { Kind: SessionEventKind.AsyncPaymentFailed }:
                payment.MarkFailed(now);
                return "failed";

            case CheckoutSessionEvent { Kind: SessionEventKind.Expired }:
                payment.MarkExpired(now);
                return "expired";

            case ChargeEvent e:
                return await ApplyChargeFactAsync(e, payment, now, ct);

            default:
                return Ignored;
        }
    }

    private async Task GrantAsync(Payment payment, CancellationToken ct)
    {
        await PostAsync(payment, LedgerEntryKind.Purchase, payment.Credits, $"Purchase of package {payment.PackageId}", payment.PurchaseSourceId, ct);
        // The student's name is read when the receipt is delivered (NameOf), not here while the account is locked.
        outbox.Enqueue(new NotificationRequest("purchase_receipt", payment.CustomerEmail,
            new Dictionary<string, string>
            {
                ["credits"] = payment.Credits.ToString(CultureInfo.InvariantCulture),
                ["amountFormatted"] = Money.Format(payment.AmountCents, payment.Currency),
                ["paymentId"] = payment.Id.ToString(),
            },
            ReceiptKey(payment.Id))
        {
            NameOf = payment.UserId,
        });
    }

    /// <summary>
    /// Fulfils a payment an operator reviewed, inside the caller's transaction: grants the credits and
    /// queues the receipt, then sets the refunds and disputes already known against them as ONE net
    /// reversal entry, then applies any fact still parked for its payment intent. Takes the same
    /// advisory lock as the webhook, so a fact is never parked while this looks.
    /// </summary>
    /// <returns>The payment as it stands after, or null when no payment has this id.</returns>
    public async Task<Payment?> FulfilReviewedAsync(Guid paymentId, string actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // The advisory lock before the row lock, in the webhook's order, so the two never wait on each other.
        var lockKey = await db.Payments.Where(p => p.Id == paymentId).Select(p => p.PaymentIntentId).SingleOrDefaultAsync(ct);
        if (lockKey is not null)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({lockKey}, 0))", ct);
        }

        var payment = await db.Payments.FromSql($"SELECT * FROM payments WHERE id = {paymentId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (payment is null)
        {
            return null;
        }

        var delta = payment.FulfilAfterReview(now);
        await GrantAsync(payment, ct);
        if (delta != 0)
        {
            // Nothing was taken back before the grant, so the facts known now can only take credits back.
            await PostAsync(payment, payment.RefundedCents > 0 ? LedgerEntryKind.Refund : LedgerEntryKind.Dispute, delta,
                $"Refunds and disputes reported before {actor} fulfilled payment {payment.Id} after review", payment.ReversalSourceId("review"), ct);
        }

        await ApplyParkedAsync(payment, knownUnparked: null, now, ct);
        return payment;
    }

    /// <summary>
    /// Applies the parked refunds and disputes of the payment's intent, oldest first, each as its own ledger
    /// entry; no look-up when the intent is <paramref name="knownUnparked"/>.
    /// </summary>
    private async Task ApplyParkedAsync(Payment payment, string? knownUnparked, DateTimeOffset now, CancellationToken ct)
    {
        if (payment.PaymentIntentId is not { } pi || pi == knownUnparked)
        {
            return;
        }

        var parked = await db.StripeEvents
            .FromSql($"SELECT * FROM stripe_events WHERE outcome = {ProcessedStripeEvent.Parked} AND payment_intent_id = {pi} ORDER BY received_at, event_id")
            .ToListAsync(ct);
        foreach (var row in parked)
        {
            var fact = JsonSerializer.Deserialize<PaymentEvent>(row.ParkedFact!, FactJson) as ChargeEvent
                ?? throw new InvalidOperationException($"Parked Stripe event {row.EventId} holds no charge fact.");
            row.PaymentId = payment.Id;
            row.Outcome = await ApplyChargeFactAsync(fact, payment, now, ct);
        }
    }

    private async Task<string> ApplyChargeFactAsync(ChargeEvent fact, Payment payment, DateTimeOffset now, CancellationToken ct)
    {
        int delta;
        string outcome;
        switch (fact)
        {
            case ChargeRefundedEvent e:
                delta = payment.RecordRefund(e.ChargeId, e.AmountRefunded, now);
                outcome = delta < 0 ? "refund_reversed" : "refund_recorded";
                break;
            case DisputeEvent e when payment.DisputeId is { } known && known != e.DisputeId:
                // Stripe allows one dispute per charge; anything else is for a person, not for the ledger.
                return "second_dispute_ignored";
            case DisputeEvent e:
                delta = payment.RecordDispute(e.DisputeId, e.ChargeId, e.Amount, e.State, now);
                outcome = e.State switch
                {
                    DisputeState.Open => "dispute_opened",
                    DisputeState.Won => "dispute_closed_won",
                    _ => "dispute_closed_lost",
                };
                break;
            default:
                return Ignored;
        }

        if (delta != 0)
        {
            var kind = delta > 0 ? LedgerEntryKind.Reversal : fact is DisputeEvent ? LedgerEntryKind.Dispute : LedgerEntryKind.Refund;
            var reason = fact switch
            {
                DisputeEvent d when delta > 0 => $"Dispute {d.DisputeId} won on payment {payment.Id}",
                DisputeEvent d => $"Dispute {d.DisputeId} on payment {payment.Id}",
                _ => $"Refund of {Money.Format(payment.RefundedCents, payment.Currency)} on payment {payment.Id}",
            };
            await PostAsync(payment, kind, delta, reason, payment.ReversalSourceId(fact.EventId), ct);
        }

        return outcome;
    }

    /// <summary>The idempotency key of a payment's receipt request, by which its notification is found.</summary>
    public static string ReceiptKey(Guid paymentId) => $"receipt:{paymentId}";

    /// <summary>Source id + kind are unique in the ledger, so each fact is credited once whatever retries happen.</summary>
    private Task<LedgerAppendResult> PostAsync(Payment payment, LedgerEntryKind kind, int delta, string reason, string sourceId, CancellationToken ct) =>
        ledger.AppendAsync(new LedgerAppend(payment.UserId, kind, delta, reason, LedgerSource, sourceId, $"stripe:{kind.ToWireName()}:{sourceId}", Actor), ct);

    /// <summary>The ledger source of every entry a Stripe payment causes.</summary>
    public const string LedgerSource = "stripe";

    /// <summary>The event's row in the inbox, taken under the advisory lock of its charge (or itself): parameters {0}–{6} of <see cref="InboxParameters"/>.</summary>
    private const string InboxInsert =
        """
        INSERT INTO stripe_events (event_id, type, livemode, api_version, payment_intent_id, received_at, outcome)
        SELECT {0}, {1}, {2}, {3}, {4}, {5}, 'processing'
        FROM (SELECT pg_advisory_xact_lock(hashtextextended({6}, 0))) AS charge_lock
        ON CONFLICT (event_id) DO NOTHING
        """;

    private static object?[] InboxParameters(PaymentEvent e, string? paymentIntentId, string lockKey, DateTimeOffset now) =>
        [e.EventId, e.Type, e.Livemode, e.ApiVersion, paymentIntentId, now, lockKey];

    /// <summary>A checkout event's payment: by id (our reference) or checkout session, columns that never change.</summary>
    private static (string Column, object Value)? PaymentById(PaymentEvent stripeEvent) => stripeEvent switch
    {
        CheckoutSessionEvent { PaymentId: { } id } => ("id", id),
        CheckoutSessionEvent e => ("checkout_session_id", e.SessionId),
        _ => null,
    };

    /// <summary>A charge fact's payment: by payment intent, else by charge, columns that fulfilment sets.</summary>
    private static (string Column, object Value)? PaymentByCharge(PaymentEvent stripeEvent) => stripeEvent switch
    {
        ChargeEvent { PaymentIntentId: { } pi } => ("payment_intent_id", pi),
        ChargeEvent e => ("charge_id", e.ChargeId),
        _ => null,
    };

    /// <summary>Locks the payment found by a pair of <see cref="PaymentById"/> or <see cref="PaymentByCharge"/> (a fixed column; the value a parameter).</summary>
    private Task<Payment?> LockPaymentAsync((string Column, object Value) match, CancellationToken ct) =>
        db.Payments
            .FromSql(FormattableStringFactory.Create($"SELECT * FROM payments WHERE {match.Column} = {{0}} FOR UPDATE", match.Value))
            .SingleOrDefaultAsync(ct);
}
