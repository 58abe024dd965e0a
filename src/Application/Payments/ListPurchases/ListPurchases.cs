using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Payments;

namespace Scholar.Application.Payments.ListPurchases;

public sealed record PurchaseView(
    Guid PaymentId,
    string PackageId,
    int Credits,
    long AmountCents,
    string Currency,
    string Status,
    bool Sandbox,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FulfilledAt)
{
    public static PurchaseView From(Payment p) =>
        new(p.Id, p.PackageId, p.Credits, p.AmountCents, p.Currency, p.Status.ToContract(), p.Sandbox, p.CreatedAt, p.FulfilledAt);
}

/// <summary>A student's own payments, newest first.</summary>
public sealed class ListPurchasesHandler(IAppDbContext db)
{
    public async Task<IReadOnlyList<PurchaseView>> HandleAsync(Guid userId, CancellationToken ct)
    {
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.UserId == userId)
            .OrderByDescending(p => p.CreatedAt)
            .Take(200)
            .ToListAsync(ct);
        return payments.Select(PurchaseView.From).ToList();
    }
}
