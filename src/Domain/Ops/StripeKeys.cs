namespace Scholar.Domain.Ops;

public enum StripeKeyKind
{
    Missing,
    SecretLive,
    RestrictedLive,
    SecretTest,
    RestrictedTest,
    PublishableLive,
    PublishableTest,
    Unrecognised,
}

/// <summary>Classifies Stripe keys by their documented prefix; nothing else of the key is kept.</summary>
public static class StripeKeys
{
    public static StripeKeyKind KindOf(string? key) => key switch
    {
        null or "" => StripeKeyKind.Missing,
        _ when key.StartsWith("sk_live_", StringComparison.Ordinal) => StripeKeyKind.SecretLive,
        _ when key.StartsWith("rk_live_", StringComparison.Ordinal) => StripeKeyKind.RestrictedLive,
        _ when key.StartsWith("sk_test_", StringComparison.Ordinal) => StripeKeyKind.SecretTest,
        _ when key.StartsWith("rk_test_", StringComparison.Ordinal) => StripeKeyKind.RestrictedTest,
        _ when key.StartsWith("pk_live_", StringComparison.Ordinal) => StripeKeyKind.PublishableLive,
        _ when key.StartsWith("pk_test_", StringComparison.Ordinal) => StripeKeyKind.PublishableTest,
        _ => StripeKeyKind.Unrecognised,
    };

    /// <summary>The key's kind as recorded with a key check: <c>sk_live</c>, <c>rk_test</c>, <c>missing</c>…</summary>
    public static string Label(StripeKeyKind kind) => Describe(kind).TrimEnd('_');

    public static bool IsLiveSecret(StripeKeyKind kind) => kind is StripeKeyKind.SecretLive or StripeKeyKind.RestrictedLive;

    public static string Describe(StripeKeyKind kind) => kind switch
    {
        StripeKeyKind.Missing => "missing",
        StripeKeyKind.SecretLive => "sk_live_",
        StripeKeyKind.RestrictedLive => "rk_live_",
        StripeKeyKind.SecretTest => "sk_test_",
        StripeKeyKind.RestrictedTest => "rk_test_",
        StripeKeyKind.PublishableLive => "pk_live_",
        StripeKeyKind.PublishableTest => "pk_test_",
        _ => "unrecognised",
    };
}
