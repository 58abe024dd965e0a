using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Common;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Payments.Sandbox;

/// <summary>
/// "Pay" and "Cancel" on the sandbox page: changes the session as Stripe would and sends the event
/// Stripe would send, signed, to this deployment's webhook (<see cref="SandboxWebhook"/>).
/// </summary>
public sealed class SandboxCheckout(AppDbContext db, SandboxWebhook webhook)
{
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

    private Task<SandboxDelivery> DeliverAsync(string type, SandboxSession session, CancellationToken ct) =>
        webhook.DeliverAsync(type, StripeShapedSession(session), ct);

    /// <summary>The event Stripe would send about the session now.</summary>
    public static JsonObject StripeShapedEvent(string eventId, string type, SandboxSession session, DateTimeOffset now) =>
        SandboxWebhook.Envelope(eventId, type, StripeShapedSession(session), now);

    /// <summary>The fields of a Checkout Session that Stripe.net and fulfillment read.</summary>
    private static JsonObject StripeShapedSession(SandboxSession session)
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
        };
    }
}
