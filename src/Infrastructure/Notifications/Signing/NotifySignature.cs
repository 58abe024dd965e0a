using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Scholar.Infrastructure.Notifications.Signing;

/// <summary>
/// The <c>/api/send</c> request signature (DESIGN.md section 5): <c>X-Scholar-Timestamp: &lt;unix s&gt;</c>
/// and <c>X-Scholar-Signature: v1=&lt;hex HMAC-SHA256(NOTIFY_WEBHOOK_SECRET, "{timestamp}.{raw body}")&gt;</c>.
/// The one implementation: the endpoint verifies with it and the outbox dispatcher signs with it.
/// </summary>
public sealed class NotifySignature(IOptions<NotificationSettings> settings, TimeProvider clock)
{
    public const string TimestampHeader = "X-Scholar-Timestamp";
    public const string SignatureHeader = "X-Scholar-Signature";
    public const string Version = "v1=";

    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    public (string Timestamp, string Signature) Sign(ReadOnlySpan<byte> body)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return (timestamp, Version + Convert.ToHexStringLower(Compute(Secret ?? throw new InvalidOperationException("Missing setting NOTIFY_WEBHOOK_SECRET."), timestamp, body)));
    }

    /// <summary>True when the signature matches the body and the timestamp is within ±300 s of now.</summary>
    public bool Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (Secret is not { } secret
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || signature is null
            || !signature.StartsWith(Version, StringComparison.Ordinal))
        {
            return false;
        }

        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if (age.Duration() > Tolerance)
        {
            return false;
        }

        byte[] presented;
        try
        {
            presented = Convert.FromHexString(signature.AsSpan(Version.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, Compute(secret, timestamp!, body));
    }

    private string? Secret => settings.Value.NotifyWebhookSecret is { Length: > 0 } s ? s : null;

    private static byte[] Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }
}
