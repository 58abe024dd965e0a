using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Scholar.IntegrationTests.Payments;

/// <summary>
/// Stripe-shaped events and signatures, written from Stripe's documentation independently of the
/// production code, so the webhook is tested against what Stripe actually sends.
/// </summary>
public static class StripeTestEvents
{
    public const string WebhookSecret = "whsec_test_integration_secret";

    public static string Sign(string payload, string secret = WebhookSecret, DateTimeOffset? at = null)
    {
        var t = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    public static string Event(string type, JsonObject dataObject, bool livemode = false, string? id = null) =>
        new JsonObject
        {
            ["id"] = id ?? $"evt_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["livemode"] = livemode,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = dataObject },
        }.ToJsonString();

    public static JsonObject Session(string sessionId, Guid paymentId, long amount, string paymentStatus = "paid", string status = "complete", string currency = "usd", string paymentIntent = "pi_test_1") =>
        new()
        {
            ["id"] = sessionId,
            ["object"] = "checkout.session",
            ["amount_total"] = amount,
            ["client_reference_id"] = paymentId.ToString(),
            ["currency"] = currency,
            ["livemode"] = false,
            ["metadata"] = new JsonObject { ["payment_id"] = paymentId.ToString() },
            ["mode"] = "payment",
            ["payment_intent"] = paymentIntent,
            ["payment_status"] = paymentStatus,
            ["status"] = status,
        };

    public static JsonObject Charge(string chargeId, string paymentIntent, long amount, long amountRefunded) =>
        new()
        {
            ["id"] = chargeId,
            ["object"] = "charge",
            ["amount"] = amount,
            ["amount_refunded"] = amountRefunded,
            ["currency"] = "usd",
            ["livemode"] = false,
            ["paid"] = true,
            ["payment_intent"] = paymentIntent,
            ["refunded"] = amountRefunded >= amount,
            ["status"] = "succeeded",
        };

    public static JsonObject Dispute(string disputeId, string chargeId, string paymentIntent, long amount, string status) =>
        new()
        {
            ["id"] = disputeId,
            ["object"] = "dispute",
            ["amount"] = amount,
            ["charge"] = chargeId,
            ["currency"] = "usd",
            ["livemode"] = false,
            ["payment_intent"] = paymentIntent,
            ["reason"] = "fraudulent",
            ["status"] = status,
        };
}
