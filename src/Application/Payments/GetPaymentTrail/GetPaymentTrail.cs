using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Payments.ProcessStripeEvent;
using Scholar.Domain.Credits;
using Scholar.Domain.Notifications;
using Scholar.Domain.Payments;

namespace Scholar.Application.Payments.GetPaymentTrail;

/// <summary>
/// Everything one payment caused: its buyer's account, every ledger entry it moved (the purchase and
/// each refund, dispute and release, oldest first), the Stripe events recorded for it and its receipt.
/// </summary>
public sealed record PaymentTrail(
    Payment Payment,
    CreditAccount? Account,
    IReadOnlyList<LedgerEntry> Entries,
    IReadOnlyList<ProcessedStripeEvent> StripeEvents,
    Notification? Receipt)
{
    public LedgerEntry? Purchase => Entries.FirstOrDefault(e => e.Kind == LedgerEntryKind.Purchase);

    /// <summary>The delivery keys under which the trail's attempts are recorded: each Stripe event, the receipt's hop and its email.</summary>
    public IReadOnlyList<string> DeliveryKeys =>
        [.. StripeEvents.Select(e => e.EventId), NotificationRequest.OutboxKeyOf(StripeEventProcessor.ReceiptKey(Payment.Id)),
            .. Receipt is null ? Array.Empty<string>() : [Receipt.Id.ToString()]];
}

/// <summary>
/// The one query for a payment's trail, used by the payment detail, the evidence bundle and the
/// validation run's checklist, so the three never disagree about what a payment did.
/// </summary>
public sealed class GetPaymentTrailHandler(IAppDbContext db)
{
    public async Task<PaymentTrail> HandleAsync(Guid paymentId, CancellationToken ct)
    {
        var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.Id == paymentId, ct)
            ?? throw new NotFoundException($"Payment {paymentId}");
        return await HandleAsync(payment, ct);
    }

    public async Task<PaymentTrail> HandleAsync(Payment payment, CancellationToken ct)
    {
        var account = await db.CreditAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == payment.UserId, ct);
        var purchase = payment.PurchaseSourceId;
        var reversals = payment.ReversalSourcePrefix;
        var entries = account is null
            ? []
            : await db.LedgerEntries.AsNoTracking()
                .Where(e => e.AccountId == account.Id && e.Source == StripeEventProcessor.LedgerSource
                    && (e.SourceId == purchase || e.SourceId!.StartsWith(reversals)))
                .OrderBy(e => e.Sequence)
                .ToListAsync(ct);
        var events = await db.StripeEvents.AsNoTracking().Where(e => e.PaymentId == payment.Id).OrderBy(e => e.ReceivedAt).ToListAsync(ct);
        var receiptKey = StripeEventProcessor.ReceiptKey(payment.Id);
        var receipt = await db.Notifications.AsNoTracking().SingleOrDefaultAsync(n => n.IdempotencyKey == receiptKey, ct);
        return new PaymentTrail(payment, account, entries, events, receipt);
    }
}
