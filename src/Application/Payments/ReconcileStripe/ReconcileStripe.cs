using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Payments.ProcessStripeEvent;
using Scholar.Domain.Payments;

namespace Scholar.Application.Payments.ReconcileStripe;

/// <param name="Subject">The session, charge or dispute id at the provider.</param>
/// <param name="PaymentId">Scholar's payment, when known.</param>
/// <param name="Outcome">What reconciliation did (the processor's outcome, or why it did nothing).</param>
public sealed record Reconciled(string Subject, Guid? PaymentId, string Outcome);

/// <summary>
/// For when webhooks were missed longer than Stripe retries: brings in what the provider reports as
/// it stands now — sessions paid but not fulfilled here, charges refunded, disputes opened or closed —
/// through the webhook's own code path, as synthetic events whose ids are derived from the facts
/// (so running it twice changes nothing, and a refund never leaves its credits in place).
/// </summary>
public sealed class ReconcileStripeHandler(IAppDbContext db, IPaymentGateway gateway, StripeEventProcessor events)
{
    public async Task<IReadOnlyList<Reconciled>> HandleAsync(DateTimeOffset since, CancellationToken ct)
    {
        var results = new List<Reconciled>();
        foreach (var session in (await gateway.ListCompletedSessionsAsync(since, ct)).Where(s => s.PaymentStatus == "paid"))
        {
            var payment = await db.Payments.AsNoTracking()
                .SingleOrDefaultAsync(p => p.CheckoutSessionId == session.Id || (session.PaymentId != null && p.Id == session.PaymentId), ct);
            if (payment is null)
            {
                results.Add(new Reconciled(session.Id, session.PaymentId, "unknown_payment"));
                continue;
            }

            if (payment.IsSettled)
            {
                continue;
            }

            var outcome = await events.HandleAsync(new CheckoutSessionEvent(
                $"reconcile:{session.Id}", "checkout.session.completed", session.Livemode, null, SessionEventKind.Completed,
                session.Id, payment.Id, session.PaymentStatus, session.AmountTotal, session.Currency, session.PaymentIntentId), ct);
            var after = await db.Payments.AsNoTracking().SingleAsync(p => p.Id == payment.Id, ct);
            results.Add(new Reconciled(session.Id, payment.Id, outcome == StripeEventProcessor.Duplicate ? "already_reconciled" : after.Status.ToContract()));
        }

        // Refunds and disputes after the sessions: a payment fulfilled above is known to them.
        var facts = await gateway.ListChargeFactsAsync(since, ct);
        foreach (var c in facts.RefundedCharges)
        {
            results.Add(await ApplyAsync(c.ChargeId, new ChargeRefundedEvent(
                $"reconcile:refund:{c.ChargeId}:{c.AmountRefunded}", "charge.refunded", c.Livemode, null, c.ChargeId, c.PaymentIntentId, c.AmountRefunded), ct));
        }

        foreach (var d in facts.Disputes)
        {
            results.Add(await ApplyAsync(d.Id, new DisputeEvent(
                $"reconcile:dispute:{d.Id}:{d.Status}", "charge.dispute.updated", d.Livemode, null, d.Id, d.ChargeId, d.PaymentIntentId,
                d.Amount, DisputeEvent.StateOf(d.Status), d.Status), ct));
        }

        return results;
    }

    private async Task<Reconciled> ApplyAsync(string subject, ChargeEvent fact, CancellationToken ct)
    {
        var outcome = await events.HandleAsync(fact, ct);
        var paymentId = await db.StripeEvents.AsNoTracking().Where(e => e.EventId == fact.EventId).Select(e => e.PaymentId).SingleOrDefaultAsync(ct);
        return new Reconciled(subject, paymentId, outcome == StripeEventProcessor.Duplicate ? "already_reconciled" : outcome);
    }
}
