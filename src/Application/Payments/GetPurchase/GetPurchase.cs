using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Payments.ListPurchases;

namespace Scholar.Application.Payments.GetPurchase;

public sealed record GetPurchaseQuery(Guid UserId, Guid PaymentId);

/// <summary>One of a student's own payments; another student's payment is as unknown as a missing one.</summary>
public sealed class GetPurchaseHandler(IAppDbContext db)
{
    public async Task<PurchaseView?> HandleAsync(GetPurchaseQuery query, CancellationToken ct)
    {
        var payment = await db.Payments.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == query.PaymentId && p.UserId == query.UserId, ct);
        return payment is null ? null : PurchaseView.From(payment);
    }
}
