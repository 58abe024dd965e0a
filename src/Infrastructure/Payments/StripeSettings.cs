using Microsoft.Extensions.Configuration;

namespace Scholar.Infrastructure.Payments;

/// <summary>Stripe settings by their platform names. Values are secrets: never log or echo them.</summary>
public sealed class StripeSettings
{
    [ConfigurationKeyName("STRIPE_SECRET_KEY")]
    public string? SecretKey { get; set; }

    [ConfigurationKeyName("STRIPE_WEBHOOK_SECRET")]
    public string? WebhookSecret { get; set; }

    [ConfigurationKeyName("STRIPE_PUBLIC_KEY")]
    public string? PublicKey { get; set; }

    /// <summary>Tests point Stripe.net at a local stub.</summary>
    [ConfigurationKeyName("STRIPE_API_BASE_URL")]
    public string? ApiBaseUrl { get; set; }

    [ConfigurationKeyName("APP_BASE_URL")]
    public string? AppBaseUrl { get; set; }

    /// <summary>Where provider_register (and with it the sandbox checkout page) is reached; default APP_BASE_URL.</summary>
    [ConfigurationKeyName("PROVIDER_REGISTER_BASE_URL")]
    public string? ProviderRegisterBaseUrl { get; set; }

    /// <summary>
    /// Where Stripe sends the student after paying (default: the student_pilot purchase page).
    /// <c>{PAYMENT_ID}</c> is filled here, <c>{CHECKOUT_SESSION_ID}</c> by Stripe.
    /// </summary>
    [ConfigurationKeyName("CHECKOUT_SUCCESS_URL")]
    public string? SuccessUrl { get; set; }

    [ConfigurationKeyName("CHECKOUT_CANCEL_URL")]
    public string? CancelUrl { get; set; }

    /// <summary>The sandbox stands in for Stripe only in Development and only while no key is set.</summary>
    public bool UsesSandbox(bool development) => development && string.IsNullOrEmpty(SecretKey);

    public string BaseUrl => (AppBaseUrl ?? "http://127.0.0.1:5080").TrimEnd('/');

    /// <summary>The base of the sandbox checkout page, which provider_register serves.</summary>
    public string SandboxBaseUrl => ProviderRegisterBaseUrl is { Length: > 0 } url ? url.TrimEnd('/') : BaseUrl;

    public const string PaymentIdPlaceholder = "{PAYMENT_ID}";

    /// <summary>Stripe's own placeholder; the sandbox fills it as Stripe would.</summary>
    public const string SessionIdPlaceholder = "{CHECKOUT_SESSION_ID}";

    public string SuccessUrlFor(Guid paymentId) =>
        Fill(SuccessUrl ?? $"{BaseUrl}/pilot/purchases/{PaymentIdPlaceholder}?session_id={SessionIdPlaceholder}", paymentId);

    public string CancelUrlFor(Guid paymentId) =>
        Fill(CancelUrl ?? $"{BaseUrl}/pilot/purchases/{PaymentIdPlaceholder}?cancelled=true", paymentId);

    private static string Fill(string template, Guid paymentId) =>
        template.Replace(PaymentIdPlaceholder, paymentId.ToString(), StringComparison.Ordinal);
}
