namespace Scholar.Domain.Ops;

/// <summary>
/// A running Web process as it last reported itself: what it hosts, and its Secrets Check snapshot
/// (names and states only) with a keyed fingerprint of <c>NOTIFY_WEBHOOK_SECRET</c>.
/// </summary>
public sealed class AppInstance
{
    public required string InstanceId { get; init; }

    /// <summary>The apps it hosts (<c>SCHOLAR_APPS</c>), in canonical order.</summary>
    public List<string> Apps { get; set; } = [];

    public required string Version { get; set; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset LastSeenAt { get; set; }

    public List<SecretsSnapshotItem> SecretsSnapshot { get; set; } = [];

    /// <summary>Truncated HMAC of NOTIFY_WEBHOOK_SECRET under a fixed, public context key; null when unset.</summary>
    public string? NotifySecretFingerprint { get; set; }

    public SecretState NotifySecretState { get; set; }

    /// <summary>Kind (prefix) of STRIPE_SECRET_KEY where the instance hosts provider_register; never the key.</summary>
    public StripeKeyKind? StripeSecretKeyKind { get; set; }

    /// <summary>Kind (prefix) of STRIPE_PUBLIC_KEY where the instance hosts student_pilot.</summary>
    public StripeKeyKind? StripePublicKeyKind { get; set; }
}

/// <summary>One expected name of one hosted app, with where its value comes from and (Warning) what is wrong with a present value.</summary>
public sealed record SecretsSnapshotItem(string App, string Name, string Category, SecretState State, string? Warning = null);
