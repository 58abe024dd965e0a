using System.Security.Cryptography;
using System.Text;

namespace Scholar.Infrastructure.Payments.Stripe;

/// <summary>
/// Stripe's webhook signature scheme: <c>t={unix},v1={hex HMAC-SHA256(secret, "{t}.{payload}")}</c>.
/// Verification is Stripe.net's <c>EventUtility</c>; signing is needed only by the sandbox.
/// </summary>
public static class StripeSignature
{
    public static string Header(string secret, string payload, DateTimeOffset timestamp)
    {
        var t = timestamp.ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
