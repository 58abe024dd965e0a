using Microsoft.Extensions.Logging;
using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Payments.Stripe;

/// <summary>
/// Records each Stripe webhook delivery (hop stripe→provider_register) for the success-rate KPI,
/// bad signatures included. Written after the business transaction, never inside it: losing a
/// measurement must not fail a payment.
/// </summary>
public sealed class StripeDeliveryLog(AppDbContext db, TimeProvider clock, ILogger<StripeDeliveryLog> logger)
{
    public async Task RecordAsync(string eventId, int statusCode, string outcome, long startedTimestamp, string? error)
    {
        try
        {
            db.ChangeTracker.Clear();
            db.WebhookAttempts.Add(WebhookAttempt.Inbound(WebhookAttempt.StripeToProviderRegister, eventId, statusCode, outcome,
                startedTimestamp, error, clock.GetUtcNow()));
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Could not record the Stripe delivery of {EventId}", eventId);
        }
    }
}
