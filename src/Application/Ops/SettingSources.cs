using System.Security.Cryptography;
using System.Text;
using Scholar.Application.Hosting;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops;

/// <summary>Where this process's settings come from. Answers states and fingerprints, never values.</summary>
public interface ISettingSources
{
    SecretState StateOf(string name);

    /// <summary><see cref="SecretFingerprint.Of"/> of the setting's value, or null when it (or the server key) has none.</summary>
    string? FingerprintOf(string name);

    /// <summary>Characters in the setting's value (0 when unset): enough to flag a short secret, nothing more.</summary>
    int LengthOf(string name);

    /// <summary>The Stripe key kind (prefix) of the setting's value.</summary>
    StripeKeyKind StripeKeyKindOf(string name);
}

/// <summary>
/// A keyed fingerprint that lets two processes compare a shared secret without revealing it:
/// HMAC-SHA256, truncated to 64 bits, under a key derived from a server-side secret every process
/// shares (SESSION_SECRET) and never shown, so a fingerprint on the gates page cannot be
/// brute-forced offline even for a short secret (ADR 0032).
/// </summary>
public static class SecretFingerprint
{
    public const string ContextKey = "scholar/ops/secret-fingerprint/v2";

    public static string Of(string value, string serverSecret)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(serverSecret), 32, info: Encoding.UTF8.GetBytes(ContextKey));
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value));
        return Convert.ToHexStringLower(mac.AsSpan(0, 8));
    }
}

/// <summary>The Secrets Check of this process: every expected name of every hosted app, with its state.</summary>
public static class SecretsSnapshot
{
    public const string NotifyWebhookSecret = "NOTIFY_WEBHOOK_SECRET";
    public const string StripeSecretKey = "STRIPE_SECRET_KEY";
    public const string StripePublicKey = "STRIPE_PUBLIC_KEY";

    /// <summary>Shared HMAC secrets shorter than this are flagged: they could be guessed from a captured signature.</summary>
    public const int MinimumSharedSecretLength = 32;

    public static List<SecretsSnapshotItem> Build(IEnumerable<string> apps, ISettingSources sources) =>
        apps.SelectMany(app => SettingsCatalog.For(app)
                .Select(s => new SecretsSnapshotItem(app, s.Name, CategoryName(s.Category), sources.StateOf(s.Name), WarningFor(s.Name, sources))))
            .ToList();

    private static string? WarningFor(string name, ISettingSources sources) =>
        name == NotifyWebhookSecret && sources.LengthOf(name) is > 0 and var length && length < MinimumSharedSecretLength
            ? $"shorter than {MinimumSharedSecretLength} characters: use a random value of at least {MinimumSharedSecretLength}"
            : null;

    public static string CategoryName(SettingCategory category) => category switch
    {
        SettingCategory.Required => "required",
        SettingCategory.Security => "security",
        _ => "optional",
    };
}
