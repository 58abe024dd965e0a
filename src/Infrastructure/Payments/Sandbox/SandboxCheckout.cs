using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Common;
using Scholar.Infrastructure.Payments.Stripe;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Payments.Sandbox;

public sealed record SandboxDelivery(string EventId, string EventType, int WebhookStatus);

/// <summary>
/// "Pay" and "Cancel" on the sandbox page: builds the event Stripe would send, signs it with
/// STRIPE_WEBHOOK_SECRET exactly as Stripe does, and POSTs it to this deployment's
/// <c>/webhooks/stripe</c> over HTTP, so the live webhook path runs end to end offline.
/// </summary>
public sealed class SandboxCheckout(AppDbContext db, StripeSettings settings, IHttpClientFactory httpClients, TimeProvider clock)
{
    public const string HttpClientName = "sandbox-webhook";

    public async Task<SandboxSession> GetAsync(string sessionId, CancellationToken ct) =>
        await db.SandboxSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct)
            ?? throw new NotFoundException($"Sandbox checkout session '{sessionId}'");

    public async Task<SandboxDelivery> PayAsync(string sessionId, CancellationToken ct)
    {
        var session = await db.SandboxSessions.SingleOrDefaultAsync(s => s.Id == sessionId, ct)
            ?? throw new NotFoundException($"Sandbox checkout session '{sessionId}'");
        if (session.Status == "expired")
        {
            throw new ConflictException("session-expired", "This sandbox checkout session was cancelled; start a new checkout.");
        }

        session.Status = "complete";
        session.PaymentStatus = "paid";
        session.PaymentIntentId ??= $"pi_sandbox_{Guid.NewGuid():N}";
        session.ChargeId ??= $"ch_sandbox_{Guid.NewGuid():N}";
        await db.SaveChangesAsync(ct);
        return await DeliverAsync("checkout.session.completed", session, ct);
    }

    public async Task<SandboxDelivery> CancelAsync(string sessionId, CancellationToken ct)
    {
        var session = await db.SandboxSessions.SingleOrDefaultAsync(s => s.Id == sessionId, ct)
            ?? throw new NotFoundException($"Sandbox checkout session '{sessionId}'");
        if (session.Status == "complete")
        {
            throw new ConflictException("session-complete", "This sandbox checkout session is already paid.");
        }

        session.Status = "expired";
        await db.SaveChangesAsync(ct);
        return await DeliverAsync("checkout.session.expired", session, ct);
    }

    private async Task<SandboxDelivery> DeliverAsync(string type, SandboxSession session, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var eventId = $"evt_sandbox_{Guid.NewGuid():N}";
        var payload = StripeShapedEvent(eventId, type, session, now).ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{settings.BaseUrl}/webhooks/stripe")
        {
            Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", StripeSignature.Header(settings.WebhookSecret!, payload, now));
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
        return new SandboxDelivery(eventId, type, (int)response.StatusCode);
    }

    /// <summary>The fields of a Stripe event and Checkout Session that Stripe.net and fulfillment read.</summary>
    public static JsonObject StripeShapedEvent(string eventId, string type, SandboxSession session, DateTimeOffset now)
    {
        var metadata = new JsonObject
        {
            ["payment_id"] = session.PaymentId.ToString(),
            ["user_id"] = session.UserId.ToString(),
            ["package_id"] = session.PackageId,
            ["customer_email"] = session.CustomerEmail,
        };
        return new JsonObject
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = global::Stripe.StripeConfiguration.ApiVersion,
            ["created"] = now.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
            ["data"] = new JsonObject
            {
                ["object"] = new JsonObject
                {
                    ["id"] = session.Id,
                    ["object"] = "checkout.session",
                    ["amount_subtotal"] = session.AmountCents,
                    ["amount_total"] = session.AmountCents,
                    ["client_reference_id"] = session.PaymentId.ToString(),
                    ["created"] = session.CreatedAt.ToUnixTimeSeconds(),
                    ["currency"] = session.Currency,
                    ["customer_details"] = new JsonObject { ["email"] = session.CustomerEmail },
                    ["customer_email"] = session.CustomerEmail,
                    ["livemode"] = false,
                    ["metadata"] = metadata,
                    ["mode"] = "payment",
                    ["payment_intent"] = session.PaymentIntentId,
                    ["payment_status"] = session.PaymentStatus,
                    ["status"] = session.Status,
                    ["url"] = null,
                },
            },
        };
    }
}
