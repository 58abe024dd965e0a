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
/// the server's catalog. The funnel's limits (pilot caps, open live checkouts per student) and the
/// per-student rate are checked and the payment inserted under one lock per student, so concurrent
/// checkouts of one student cannot all pass the count; the state lives in PostgreSQL, so it holds
/// across instances.
/// </summary>
public sealed class StartCheckoutHandler(IAppDbContext db, IPaymentGateway gateway, ITransactionRunner transactions, TimeProvider clock)
{
    /// <summary>Checkouts one student may start per <see cref="RateWindow"/> (each is a call to Stripe on our key).</summary>
    public const int CheckoutsPerWindow = 10;

    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    /// <summary>A Checkout Session expires after 24 hours; a pending payment older than that is no longer open.</summary>
    public static readonly TimeSpan OpenCheckoutLifetime = TimeSpan.FromHours(24);

    public async Task<CheckoutStarted> HandleAsync(StartCheckout command, CancellationToken ct)
    {
        var package = await db.CreditPackages.AsNoTracking().SingleOrDefaultAsync(p => p.Id == command.PackageId && p.Active, ct)
            ?? throw new InputException("unknown-package", "No such package is for sale.",
                new Dictionary<string, string[]> { ["packageId"] = [$"No package '{command.PackageId}' is for sale; see GET /api/packages."] });

        var email = await db.Users.Where(u => u.Id == command.UserId).Select(u => u.Email).SingleOrDefaultAsync(ct)
            ?? throw new ForbiddenException("unknown-user", "The signed-in account no longer exists.");
        var live = gateway.Mode == GatewayMode.Live;
        var payment = await transactions.ExecuteAsync(c => AdmitAsync(command.UserId, package, email, live, c), ct);

        var session = await gateway.CreateCheckoutSessionAsync(new CheckoutSessionRequest(
            payment.Id, command.UserId, package.Id, package.Name, package.Credits, package.PriceCents, package.Currency, email), ct);
        payment.AttachCheckoutSession(session.SessionId, session.Url, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);

        return new CheckoutStarted(payment.Id, session.SessionId, session.Url);
    }

    /// <summary>Counts and inserts under the student's advisory lock (held to the commit).</summary>
    private async Task<Payment> AdmitAsync(Guid userId, CreditPackage package, string email, bool live, CancellationToken ct)
    {
        var lockKey = $"checkout:{userId}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({lockKey}, 0))", ct);
        var now = clock.GetUtcNow();

        var windowStart = now - RateWindow;
        var recent = await db.Payments.AsNoTracking()
            .Where(p => p.UserId == userId && p.CreatedAt > windowStart)
            .OrderBy(p => p.CreatedAt)
            .Select(p => p.CreatedAt)
            .Take(CheckoutsPerWindow)
            .ToListAsync(ct);
        if (recent.Count >= CheckoutsPerWindow)
        {
            var retryAfter = recent[0] + RateWindow - now;
            throw new TooManyRequestsException("checkout-rate-limited",
                $"At most {CheckoutsPerWindow} checkouts a minute per student. Retry after {Math.Ceiling(retryAfter.TotalSeconds)} seconds.", retryAfter);
        }

        var policy = await db.FunnelPolicies.AsNoTracking().SingleOrDefaultAsync(ct) ?? new FunnelPolicy();
        var openSince = now - OpenCheckoutLifetime;
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var openLive = live
            ? await db.Payments.CountAsync(p => p.UserId == userId && p.Livemode && p.Status == PaymentStatus.Pending && p.CreatedAt > openSince, ct)
            : 0;
        var livePaidToday = live ? await db.Payments.CountAsync(p => p.Livemode && p.PaidAt >= today, ct) : 0;
        if (policy.CheckoutRefusal(package.PriceCents, package.Currency, live, livePaidToday, openLive) is { } refusal)
        {
            throw new ForbiddenException("funnel-limit", refusal);
        }

        var payment = Payment.Start(userId, package, email, live, gateway.Mode == GatewayMode.Sandbox, now);
        db.Payments.Add(payment);
        return payment;
    }
}
