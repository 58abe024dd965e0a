using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Credits;
using Scholar.Application.Notifications.GetNotification;
using Scholar.Application.Payments.ListPayments;
using Scholar.Application.Payments.ProcessStripeEvent;

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
    NotificationView? Receipt);

/// <summary>
/// One payment as an operator checks it: its state, the ledger entries it caused (purchase, refund
/// and dispute reversals) and the receipt's delivery.
/// </summary>
public sealed class GetPaymentDetailHandler(IAppDbContext db, GetNotificationHandler notifications)
{
    public async Task<PaymentDetail> HandleAsync(Guid paymentId, CancellationToken ct)
    {
        var p = await db.Payments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == paymentId, ct)
            ?? throw new NotFoundException($"Payment {paymentId}");

        var account = await db.CreditAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == p.UserId, ct);
        var id = p.Id.ToString();
        var refundPrefix = p.ChargeId is null ? null : p.ChargeId + ":";
        var entries = account is null
            ? []
            : await db.LedgerEntries.AsNoTracking()
                .Where(e => e.AccountId == account.Id && e.Source == "stripe"
                    && (e.SourceId == id
                        || (refundPrefix != null && e.SourceId!.StartsWith(refundPrefix))
                        || (p.DisputeId != null && e.SourceId == p.DisputeId)))
                .OrderBy(e => e.Sequence)
                .ToListAsync(ct);

        var key = StripeEventProcessor.ReceiptKey(p.Id);
        var receiptId = await db.Notifications.AsNoTracking().Where(n => n.IdempotencyKey == key).Select(n => (Guid?)n.Id).SingleOrDefaultAsync(ct);
        var receipt = receiptId is { } rid ? await notifications.HandleAsync(rid, ct) : null;

        return new PaymentDetail(
            ListPaymentsHandler.Summarize(p), p.CheckoutSessionId, p.PaymentIntentId, p.ChargeId, p.RefundedCents, p.DisputeId, p.ReviewReason,
            account?.Balance, [.. entries.Select(LedgerEntryView.From)], receipt);
    }
}
