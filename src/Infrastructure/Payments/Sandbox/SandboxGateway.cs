using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Abstractions;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Payments.Sandbox;

/// <summary>
/// The offline stand-in for Stripe (Development only): sessions live in PostgreSQL and are paid on
/// a local page that emits Stripe-shaped, Stripe-signed events to <c>/webhooks/stripe</c>.
/// </summary>
public sealed class SandboxGateway(AppDbContext db, StripeSettings settings, SandboxWebhook webhook, IServiceScopeFactory scopes, TimeProvider clock)
    : IPaymentGateway
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

    /// <summary>Charges refunded since <paramref name="since"/> with their cumulative amount; the sandbox sees no disputes.</summary>
    public async Task<GatewayChargeFacts> ListChargeFactsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var refunded = await db.SandboxSessions.AsNoTracking()
            .Where(s => s.ChargeId != null && db.SandboxRefunds.Any(r => r.SessionId == s.Id && r.CreatedAt >= since))
            .Select(s => new GatewayRefundedCharge(s.ChargeId!, s.PaymentIntentId, s.AmountRefunded, false))
            .ToListAsync(cancellationToken);
        return new GatewayChargeFacts(refunded, []);
    }

    /// <summary>
    /// Refunds like Stripe: one refund per idempotency key, never more than is left on the charge; then
    /// Stripe's <c>charge.refunded</c> (the charge with its cumulative <c>amount_refunded</c>) goes to the webhook.
    /// The sandbox commits on a connection of its own, as Stripe's servers would: the caller's transaction
    /// (e.g. the idempotency store's) neither hides nor rolls back a refund the provider made.
    /// </summary>
    public async Task<GatewayRefund> RefundAsync(GatewayRefundRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var provider = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        SandboxRefund refund;
        SandboxSession session;
        var created = false;
        await using (var transaction = await provider.Database.BeginTransactionAsync(cancellationToken))
        {
            session = await provider.SandboxSessions
                .FromSql($"SELECT * FROM sandbox_sessions WHERE payment_intent_id = {request.PaymentIntentId} FOR UPDATE")
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new PaymentGatewayException($"The sandbox knows no charge for payment intent {request.PaymentIntentId}.");
            var existing = await provider.SandboxRefunds.SingleOrDefaultAsync(r => r.IdempotencyKey == request.IdempotencyKey, cancellationToken);
            if (existing is not null)
            {
                refund = existing;
            }
            else
            {
                var left = session.AmountCents - session.AmountRefunded;
                var amount = request.AmountCents ?? left;
                if (amount > left || amount <= 0)
                {
                    throw new RefundRefusedException(left == 0
                        ? $"Charge {session.ChargeId} has already been refunded."
                        : $"Refund amount ({amount}) is greater than unrefunded amount on charge ({left}).");
                }

                refund = new SandboxRefund
                {
                    Id = $"re_sandbox_{Guid.NewGuid():N}",
                    SessionId = session.Id,
                    IdempotencyKey = request.IdempotencyKey,
                    AmountCents = amount,
                    CreatedAt = clock.GetUtcNow(),
                };
                provider.SandboxRefunds.Add(refund);
                session.AmountRefunded += amount;
                await provider.SaveChangesAsync(cancellationToken);
                created = true;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        // Stripe sends the event once, for the refund it created; a retried request gets the same refund and no new event.
        if (created)
        {
            var refunds = await provider.SandboxRefunds.AsNoTracking().Where(r => r.SessionId == session.Id).OrderByDescending(r => r.CreatedAt).ToListAsync(cancellationToken);
            await webhook.DeliverAsync("charge.refunded", StripeShapedCharge(session, refunds), cancellationToken);
        }

        return new GatewayRefund(refund.Id, refund.AmountCents, "succeeded");
    }

    /// <summary>The charge as Stripe renders it in <c>charge.refunded</c>: <c>amount_refunded</c> is cumulative, newest refund first.</summary>
    private static JsonObject StripeShapedCharge(SandboxSession session, IReadOnlyList<SandboxRefund> refunds) => new()
    {
        ["id"] = session.ChargeId,
        ["object"] = "charge",
        ["amount"] = session.AmountCents,
        ["amount_captured"] = session.AmountCents,
        ["amount_refunded"] = session.AmountRefunded,
        ["captured"] = true,
        ["created"] = session.CreatedAt.ToUnixTimeSeconds(),
        ["currency"] = session.Currency,
        ["livemode"] = false,
        ["paid"] = true,
        ["payment_intent"] = session.PaymentIntentId,
        ["refunded"] = session.AmountRefunded >= session.AmountCents,
        ["status"] = "succeeded",
        ["refunds"] = new JsonObject
        {
            ["object"] = "list",
            ["has_more"] = false,
            ["url"] = $"/v1/charges/{session.ChargeId}/refunds",
            ["data"] = new JsonArray([.. refunds.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id,
                ["object"] = "refund",
                ["amount"] = r.AmountCents,
                ["charge"] = session.ChargeId,
                ["created"] = r.CreatedAt.ToUnixTimeSeconds(),
                ["currency"] = session.Currency,
                ["payment_intent"] = session.PaymentIntentId,
                ["reason"] = "requested_by_customer",
                ["status"] = "succeeded",
            })]),
        },
    };

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
