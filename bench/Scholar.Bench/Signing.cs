using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using static Signing;

internal static class Signing
{
    /// <summary>Lower-case hex HMAC-SHA256: both Stripe's and Scholar's webhook signatures use it.</summary>
    public static string Hmac(string secret, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
}

/// <summary>The event Stripe sends when a Checkout Session is paid, signed as Stripe signs it.</summary>
internal static class StripeEvent
{
    public static string CheckoutCompleted(string paymentId, string sessionId) => Event("checkout.session.completed", new JsonObject
    {
        ["id"] = sessionId,
        ["object"] = "checkout.session",
        ["amount_total"] = 1000,
        ["client_reference_id"] = paymentId,
        ["currency"] = "usd",
        ["livemode"] = false,
        ["metadata"] = new JsonObject { ["payment_id"] = paymentId },
        ["mode"] = "payment",
        ["payment_intent"] = $"pi_bench_{paymentId}",
        ["payment_status"] = "paid",
        ["status"] = "complete",
    });

    /// <summary>A Stripe event envelope (a fresh event id) around <paramref name="dataObject"/>.</summary>
    public static string Event(string type, JsonObject dataObject) => new JsonObject
    {
        ["id"] = $"evt_bench_{Guid.NewGuid():N}",
        ["object"] = "event",
        ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["type"] = type,
        ["data"] = new JsonObject { ["object"] = dataObject },
    }.ToJsonString();

    public static string Sign(string secret, string payload)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"t={t},v1={Hmac(secret, $"{t}.{payload}")}";
    }
}
