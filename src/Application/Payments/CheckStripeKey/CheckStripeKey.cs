using Scholar.Application.Abstractions;
using Scholar.Domain.Payments;

namespace Scholar.Application.Payments.CheckStripeKey;

/// <summary>Proves the configured Stripe key with a cheap call and records the outcome (never the key).</summary>
public sealed class CheckStripeKeyHandler(IAppDbContext db, IPaymentGateway gateway, TimeProvider clock)
{
    public async Task<StripeKeyCheck> HandleAsync(CancellationToken ct)
    {
        var result = await gateway.CheckKeyAsync(ct);
        var check = new StripeKeyCheck
        {
            CheckedAt = clock.GetUtcNow(),
            KeyKind = result.KeyKind,
            Succeeded = result.Succeeded,
            Livemode = result.Livemode,
            Error = result.Error,
        };
        db.StripeKeyChecks.Add(check);
        await db.SaveChangesAsync(ct);
        return check;
    }
}
