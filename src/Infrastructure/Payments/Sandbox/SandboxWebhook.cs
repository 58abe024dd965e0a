using System.Text.Json.Nodes;
using Scholar.Infrastructure.Payments.Stripe;

namespace Scholar.Infrastructure.Payments.Sandbox;

public sealed record SandboxDelivery(string EventId, string EventType, int WebhookStatus);

/// <summary>
/// What Stripe does after a change: wraps the changed object in a Stripe-shaped event, signs it with
/// STRIPE_WEBHOOK_SECRET exactly as Stripe does, and POSTs it to this deployment's
/// <c>/webhooks/stripe</c> over HTTP, so the live webhook path runs end to end offline.
/// </summary>
public sealed class SandboxWebhook(StripeSettings settings, IHttpClientFactory httpClients, TimeProvider clock)
{
    public const string HttpClientName = "sandbox-webhook";

    public async Task<SandboxDelivery> DeliverAsync(string type, JsonObject dataObject, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var eventId = $"evt_sandbox_{Guid.NewGuid():N}";
        var payload = Envelope(eventId, type, dataObject, now).ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{settings.BaseUrl}/webhooks/stripe")
        {
            Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", StripeSignature.Header(settings.WebhookSecret!, payload, now));
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
        return new SandboxDelivery(eventId, type, (int)response.StatusCode);
    }

    /// <summary>The fields of a Stripe event that Stripe.net and fulfillment read, around <paramref name="dataObject"/>.</summary>
    public static JsonObject Envelope(string eventId, string type, JsonObject dataObject, DateTimeOffset now) => new()
    {
        ["id"] = eventId,
        ["object"] = "event",
        ["api_version"] = global::Stripe.StripeConfiguration.ApiVersion,
        ["created"] = now.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["type"] = type,
        ["data"] = new JsonObject { ["object"] = dataObject },
    };
}
