using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Payments.Sandbox;

/// <summary>
/// The offline stand-in for Stripe (Development only): sessions live in PostgreSQL and are paid on
/// a local page that emits Stripe-shaped, Stripe-signed events to <c>/webhooks/stripe</c>.
/// </summary>
public sealed class SandboxGateway(AppDbContext db, StripeSettings settings, TimeProvider clock) : IPaymentGateway
{
    public GatewayMode Mode => GatewayMode.Sandbox;

    public async Task<CheckoutSessionCreated> CreateCheckoutSessionAsync(CheckoutSessionRequest request, CancellationToken cancellationToken)
    {
        // Like Stripe's idempotency key: the same payment always gets the same session.
        var existing = await db.SandboxSessions.AsNoTracking().SingleOrDefaultAsync(s => s.PaymentId == request.PaymentId, cancellationToken);
        if (existing is not null)
        {
            return new CheckoutSessionCreated(existing.Id, UrlOf(existing.Id));
        }

        var session = new SandboxSession
        {
            Id = $"cs_test_sandbox_{Guid.NewGuid():N}",
            PaymentId = request.PaymentId,
            UserId = request.UserId,
            PackageId = request.PackageId,
            PackageName = request.PackageName,
            Credits = request.Credits,
            AmountCents = request.AmountCents,
            Currency = request.Currency,
            CustomerEmail = request.CustomerEmail,
            CreatedAt = clock.GetUtcNow(),
        };
        db.SandboxSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return new CheckoutSessionCreated(session.Id, UrlOf(session.Id));
    }

    public async Task<IReadOnlyList<GatewaySession>> ListCompletedSessionsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        (await db.SandboxSessions.AsNoTracking()
            .Where(s => s.CreatedAt >= since && s.Status == "complete")
            .ToListAsync(cancellationToken))
        .Select(s => ToGatewaySession(s))
        .ToList();

    /// <summary>The sandbox takes no refunds and sees no disputes: there is nothing to bring in.</summary>
    public Task<GatewayChargeFacts> ListChargeFactsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(new GatewayChargeFacts([], []));

    public Task<GatewayKeyCheck> CheckKeyAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new GatewayKeyCheck("sandbox", false, false, "Sandbox gateway in use: STRIPE_SECRET_KEY is not set."));

    private string UrlOf(string sessionId) => $"{settings.SandboxBaseUrl}/sandbox/checkout/{sessionId}";

    public async Task<GatewayPaymentEvidence?> GetPaymentEvidenceAsync(string checkoutSessionId, CancellationToken cancellationToken)
    {
        var s = await db.SandboxSessions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == checkoutSessionId, cancellationToken);
        if (s is null)
        {
            return null;
        }

        // The sandbox is its own provider: its session row is what "Stripe" knows.
        var session = ToGatewaySession(s);
        var charge = s.ChargeId is null ? null : new GatewayCharge(s.ChargeId, s.AmountCents, s.Currency, "succeeded", false, s.CreatedAt, null);
        return new GatewayPaymentEvidence(session, charge);
    }

    private static GatewaySession ToGatewaySession(SandboxSession s) =>
        new(s.Id, s.Status, s.PaymentStatus, s.AmountCents, s.Currency, s.PaymentIntentId, false, s.PaymentId, s.CreatedAt);
}
