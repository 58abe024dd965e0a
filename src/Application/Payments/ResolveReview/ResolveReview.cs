using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Ops;
using Scholar.Application.Payments.ProcessStripeEvent;
using Scholar.Application.Payments.RefundPayment;
using Scholar.Domain.Payments;

namespace Scholar.Application.Payments.ResolveReview;

/// <summary>What a person decided about a payment put aside for review.</summary>
public enum ReviewDecision
{
    /// <summary>Grant the package's credits, less what refunds and disputes already took back.</summary>
    Fulfil,

    /// <summary>Give the money back in full; no credits are granted.</summary>
    Refund,
}

public sealed record ResolveReviewCommand(string Actor, Guid PaymentId, ReviewDecision Decision, string Reason, string IdempotencyKey);

/// <param name="PaymentId">Scholar's payment.</param>
/// <param name="Decision"><c>fulfil</c> or <c>refund</c>.</param>
/// <param name="Status">The payment's status after the decision.</param>
/// <param name="RefundId">The provider's refund, for the refund decision.</param>
public sealed record ReviewResolved(Guid PaymentId, string Decision, string Status, string? RefundId);

/// <summary>
/// Settles a <c>needs_review</c> payment (DESIGN.md 10.3); 409 <c>not-in-review</c> for any other.
/// Fulfil grants the credits in one transaction with the audit entry; refund asks the provider for a
/// full refund (credits are never granted, so the webhook reverses nothing) and then closes the review.
/// </summary>
public sealed class ResolveReviewHandler(
    IAppDbContext db,
    StripeEventProcessor payments,
    RefundPaymentHandler refunds,
    ITransactionRunner transactions,
    IAuditLog audit,
    TimeProvider clock)
{
    public const string AuditAction = "payment.review_resolved";

    public async Task<ReviewResolved> HandleAsync(ResolveReviewCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var decision = command.Decision.ToString().ToLowerInvariant();
        if (command.Decision == ReviewDecision.Fulfil)
        {
            return await transactions.ExecuteAsync(
                async c =>
                {
                    var payment = await payments.FulfilReviewedAsync(command.PaymentId, command.Actor, c)
                        ?? throw new NotFoundException($"Payment {command.PaymentId}");
                    audit.Record(command.Actor, AuditAction, $"payment:{payment.Id}", new { decision, command.Reason, status = payment.Status.ToContract() });
                    return new ReviewResolved(payment.Id, decision, payment.Status.ToContract(), null);
                },
                ct);
        }

        var before = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.Id == command.PaymentId, ct)
            ?? throw new NotFoundException($"Payment {command.PaymentId}");
        before.RefundAfterReview(clock.GetUtcNow()); // refuses before any money moves when the payment is not in review
        var refund = await refunds.HandleAsync(
            new RefundPaymentCommand(command.Actor, command.PaymentId, null, command.Reason, $"review:{command.IdempotencyKey}"), ct);

        return await transactions.ExecuteAsync(
            async c =>
            {
                var payment = await db.Payments.FromSql($"SELECT * FROM payments WHERE id = {command.PaymentId} FOR UPDATE").SingleAsync(c);
                payment.RefundAfterReview(clock.GetUtcNow());
                audit.Record(command.Actor, AuditAction, $"payment:{payment.Id}", new { decision, command.Reason, refund.RefundId, refund.AmountCents });
                return new ReviewResolved(payment.Id, decision, payment.Status.ToContract(), refund.RefundId);
            },
            ct);
    }
}
