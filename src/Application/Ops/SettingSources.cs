using System.Security.Cryptography;
using System.Text;
using Scholar.Application.Hosting;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops;

/// <summary>Where this process's settings come from. Answers states and fingerprints, never values.</summary>
public interface ISettingSources
{
    SecretState StateOf(string name);

    /// <summary><see cref="SecretFingerprint.Of"/> of the setting's value, or null when it has none.</summary>
    string? FingerprintOf(string name);

    /// <summary>The Stripe key kind (prefix) of the setting's value.</summary>
    StripeKeyKind StripeKeyKindOf(string name);
}

/// <summary>
/// A keyed fingerprint that lets two processes compare a shared secret without revealing it:
/// HMAC-SHA256 under a fixed, published context key, truncated to 64 bits. The key only separates
/// this use from any other hash of the same secret; the secret's own entropy is what protects it.
/// </summary>
public static class SecretFingerprint
{
    public const string ContextKey = "scholar/ops/secret-fingerprint/v1";

    public static string Of(string value)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(ContextKey), Encoding.UTF8.GetBytes(value));
        return Convert.ToHexStringLower(mac.AsSpan(0, 8));
    }
}

/// <summary>The Secrets Check of this process: every expected name of every hosted app, with its state.</summary>
public static class SecretsSnapshot
{
    public const string NotifyWebhookSecret = "NOTIFY_WEBHOOK_SECRET";
    public const string StripeSecretKey = "STRIPE_SECRET_KEY";
    public const string StripePublicKey = "STRIPE_PUBLIC_KEY";

    public static List<SecretsSnapshotItem> Build(IEnumerable<string> apps, ISettingSources sources) =>
        apps.SelectMany(app => SettingsCatalog.For(app)
                .Select(s => new SecretsSnapshotItem(app, s.Name, CategoryName(s.Category), sources.StateOf(s.Name))))
            .ToList();

    public static string CategoryName(SettingCategory category) => category switch
    {
        SettingCategory.Required => "required",
        SettingCategory.Security => "security",
        _ => "optional",
    };
}
