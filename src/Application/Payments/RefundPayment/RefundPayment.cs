using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Ops;

namespace Scholar.Application.Payments.RefundPayment;

/// <param name="Actor">Who asks (<c>user:{id}</c>).</param>
/// <param name="PaymentId">Scholar's payment.</param>
/// <param name="AmountCents">Cents to refund; null refunds everything left on the charge.</param>
/// <param name="Reason">Why, for the audit log and the provider's metadata.</param>
/// <param name="IdempotencyKey">The caller's key: the provider's idempotency key is derived from it, so a retry never refunds twice.</param>
public sealed record RefundPaymentCommand(string Actor, Guid PaymentId, long? AmountCents, string Reason, string IdempotencyKey);

/// <summary>The refund the provider created; <c>Status</c> as the provider spells it.</summary>
public sealed record RefundRequested(Guid PaymentId, string RefundId, long AmountCents, string Status);

/// <summary>
/// An operator refunds part or all of a payment through the provider's refund API (DESIGN.md 10.3).
/// No credits move here: the provider's <c>charge.refunded</c> webhook reverses them, the one path
/// every refund takes, whoever asked for it. Nothing is locked while the provider is called (the
/// payment is read without a lock), so the provider's webhook can be processed meanwhile.
/// </summary>
public sealed class RefundPaymentHandler(IAppDbContext db, IPaymentGateway gateway, IAuditLog audit)
{
    public const string AuditAction = "payment.refund_requested";

    public async Task<RefundRequested> HandleAsync(RefundPaymentCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.Id == command.PaymentId, ct)
            ?? throw new NotFoundException($"Payment {command.PaymentId}");
        if (payment.PaymentIntentId is not { } paymentIntentId || payment.RefundableCents <= 0)
        {
            throw NothingToRefund(payment.PaidAt is null
                ? $"Payment {payment.Id} took no money: there is nothing to refund."
                : $"Payment {payment.Id} has been refunded in full: there is nothing left to refund.");
        }

        if (command.AmountCents > payment.RefundableCents)
        {
            throw new ConflictException("refund-exceeds-remaining",
                $"Only {payment.RefundableCents} cents of payment {payment.Id} are left to refund; {command.AmountCents} were asked for.");
        }

        GatewayRefund refund;
        try
        {
            refund = await gateway.RefundAsync(
                new GatewayRefundRequest(payment.Id, paymentIntentId, command.AmountCents, command.Reason, ProviderKey(command)), ct);
        }
        catch (RefundRefusedException e)
        {
            throw NothingToRefund(e.Message);
        }

        audit.Record(command.Actor, AuditAction, $"payment:{payment.Id}",
            new { refundId = refund.Id, refund.AmountCents, refund.Status, command.Reason });
        await db.SaveChangesAsync(ct);
        return new RefundRequested(payment.Id, refund.Id, refund.AmountCents, refund.Status);
    }

    /// <summary>Scoped to the actor and the payment, like the ledger's keys: two operators never share a refund.</summary>
    private static string ProviderKey(RefundPaymentCommand command) => $"refund:{command.PaymentId}:{command.Actor}:{command.IdempotencyKey}";

    private static ConflictException NothingToRefund(string message) => new("nothing-to-refund", message);
}
