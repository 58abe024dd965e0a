using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Payments.ProcessStripeEvent;
using Scholar.Domain.Payments;

namespace Scholar.Application.Payments.ReconcileStripe;

public sealed record ReconciledSession(string SessionId, Guid? PaymentId, string Outcome);

/// <summary>
/// For when webhooks were missed longer than Stripe retries: finds sessions the provider reports
/// paid that are not fulfilled here and fulfils them through the webhook's own code path, as a
/// synthetic event whose id is derived from the session (so running it twice changes nothing).
/// </summary>
public sealed class ReconcileStripeHandler(IAppDbContext db, IPaymentGateway gateway, StripeEventProcessor events)
{
    public async Task<IReadOnlyList<ReconciledSession>> HandleAsync(DateTimeOffset since, CancellationToken ct)
    {
        var sessions = await gateway.ListCompletedSessionsAsync(since, ct);
        var results = new List<ReconciledSession>();
        foreach (var session in sessions.Where(s => s.PaymentStatus == "paid"))
        {
            var payment = await db.Payments.AsNoTracking()
                .SingleOrDefaultAsync(p => p.CheckoutSessionId == session.Id || (session.PaymentId != null && p.Id == session.PaymentId), ct);
            if (payment is null)
            {
                results.Add(new ReconciledSession(session.Id, session.PaymentId, "unknown_payment"));
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
            results.Add(new ReconciledSession(session.Id, payment.Id, outcome == StripeEventProcessor.Duplicate ? "already_reconciled" : after.Status.ToContract()));
        }

        return results;
    }
}
