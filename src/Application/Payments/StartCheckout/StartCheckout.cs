using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Domain.Ops;
using Scholar.Domain.Payments;

namespace Scholar.Application.Payments.StartCheckout;

public sealed record StartCheckout(Guid UserId, string PackageId);

public sealed record CheckoutStarted(Guid PaymentId, string CheckoutSessionId, string Url);

/// <summary>
/// Creates the pending payment, then the provider's checkout session for it. The price comes from
/// the server's catalog; the funnel's pilot limits are enforced here.
/// </summary>
public sealed class StartCheckoutHandler(IAppDbContext db, IPaymentGateway gateway, TimeProvider clock)
{
    public async Task<CheckoutStarted> HandleAsync(StartCheckout command, CancellationToken ct)
    {
        var package = await db.CreditPackages.SingleOrDefaultAsync(p => p.Id == command.PackageId && p.Active, ct)
            ?? throw new InputException("unknown-package", "No such package is for sale.",
                new Dictionary<string, string[]> { ["packageId"] = [$"No package '{command.PackageId}' is for sale; see GET /api/packages."] });

        var email = await db.Users.Where(u => u.Id == command.UserId).Select(u => u.Email).SingleOrDefaultAsync(ct)
            ?? throw new ForbiddenException("unknown-user", "The signed-in account no longer exists.");
        var now = clock.GetUtcNow();
        var live = gateway.Mode == GatewayMode.Live;
        var policy = await db.FunnelPolicies.AsNoTracking().SingleOrDefaultAsync(ct) ?? new FunnelPolicy();
        var livePurchasesToday = live
            ? await db.Payments.CountAsync(p => p.Livemode && p.CreatedAt >= now.UtcDateTime.Date
                && p.Status != PaymentStatus.Failed && p.Status != PaymentStatus.Expired, ct)
            : 0;
        var refusal = policy.CheckoutRefusal(package.PriceCents, package.Currency, live, livePurchasesToday);
        if (refusal is not null)
        {
            throw new ForbiddenException("funnel-limit", refusal);
        }

        var payment = Payment.Start(command.UserId, package, email, live, gateway.Mode == GatewayMode.Sandbox, now);
        db.Payments.Add(payment);
        await db.SaveChangesAsync(ct);

        var session = await gateway.CreateCheckoutSessionAsync(new CheckoutSessionRequest(
            payment.Id, command.UserId, package.Id, package.Name, package.Credits, package.PriceCents, package.Currency, email), ct);
        payment.AttachCheckoutSession(session.SessionId, session.Url, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);

        return new CheckoutStarted(payment.Id, session.SessionId, session.Url);
    }
}
