using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Credits;
using Scholar.Application.Payments.GetPaymentTrail;
using Scholar.Domain.Payments;

namespace Scholar.Application.Ops.GetEvidence;

public sealed record PaymentView(Guid Id, Guid UserId, string PackageId, int Credits, long AmountCents, string Currency, string Status,
    string? CheckoutSessionId, string? PaymentIntentId, string? ChargeId, bool Livemode, bool Sandbox, DateTimeOffset CreatedAt,
    DateTimeOffset? FulfilledAt);

public sealed record StripeView(string Source, GatewaySession? CheckoutSession, GatewayCharge? Charge);

public sealed record CreditsView(long Balance, IReadOnlyList<LedgerEntryView> Entries);

public sealed record NotificationEventView(string RecordType, DateTimeOffset OccurredAt, string? Detail);

public sealed record NotificationView(Guid Id, string Status, string? ProviderMessageId, IReadOnlyList<NotificationEventView> Events);

public sealed record EvidenceBundle(DateTimeOffset GeneratedAt, PaymentView Payment, StripeView Stripe, CreditsView Credits,
    NotificationView? Notification, IReadOnlyList<AttemptView> WebhookAttempts);

/// <summary>
/// The evidence bundle of DESIGN.md 8.5 for one payment: Stripe's view fetched now through the
/// payments gateway (Stripe or the sandbox), the ledger, the receipt and every delivery attempt,
/// sealed with <c>sha256</c> = SHA-256 (hex) of the bundle's JSON without the <c>sha256</c> property.
/// </summary>
public sealed class GetEvidenceHandler(IAppDbContext db, GetPaymentTrailHandler trails, IPaymentGateway gateway, DeliveryKpiQuery attempts, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<string> HandleAsync(Guid paymentId, CancellationToken ct)
    {
        var trail = await trails.HandleAsync(paymentId, ct);
        var payment = trail.Payment;
        var fromGateway = payment.CheckoutSessionId is { } sessionId ? await gateway.GetPaymentEvidenceAsync(sessionId, ct) : null;
        var notification = trail.Receipt;
        var events = notification is null
            ? []
            : await db.NotificationEvents.AsNoTracking().Where(e => e.NotificationId == notification.Id).OrderBy(e => e.OccurredAt)
                .Select(e => new NotificationEventView(e.RecordType, e.OccurredAt, e.Detail)).ToListAsync(ct);

        var bundle = new EvidenceBundle(
            clock.GetUtcNow(),
            new PaymentView(payment.Id, payment.UserId, payment.PackageId, payment.Credits, payment.AmountCents, payment.Currency,
                payment.Status.ToContract(), payment.CheckoutSessionId, payment.PaymentIntentId, payment.ChargeId, payment.Livemode,
                payment.Sandbox, payment.CreatedAt, payment.FulfilledAt),
            new StripeView(gateway.Mode == GatewayMode.Sandbox ? "sandbox" : "stripe", fromGateway?.Session, fromGateway?.Charge),
            new CreditsView(trail.Account?.Balance ?? 0, trail.Entries.Select(LedgerEntryView.From).ToList()),
            notification is null
                ? null
                : new NotificationView(notification.Id, notification.Status.ToString().ToLowerInvariant(), notification.ProviderMessageId, events),
            await attempts.AttemptsAsync(trail.DeliveryKeys, ct));
        return Seal(bundle);
    }

    /// <summary>The bundle as JSON with its <c>sha256</c> added last; recompute by removing it and re-serializing.</summary>
    public static string Seal(EvidenceBundle bundle)
    {
        var node = JsonSerializer.SerializeToNode(bundle, Json)!.AsObject();
        node["sha256"] = Sha256Of(node);
        return node.ToJsonString(Json);
    }

    public static string Sha256Of(JsonObject bundleWithoutHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(bundleWithoutHash.ToJsonString(Json))));
}
