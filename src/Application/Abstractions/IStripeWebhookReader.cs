using Scholar.Application.Payments.ProcessStripeEvent;

namespace Scholar.Application.Abstractions;

/// <summary>
/// Turns a webhook delivery into a verified event: the signature is checked over the raw body first
/// (Stripe's scheme), then the fields fulfillment needs are read tolerantly, whatever API version the
/// event was rendered in.
/// </summary>
public interface IStripeWebhookReader
{
    /// <exception cref="InvalidStripeWebhookException">The signature does not verify, or the signed body is no Stripe event.</exception>
    PaymentEvent Read(string body, string? signatureHeader);
}

/// <summary>A refused delivery: <see cref="Code"/> is <see cref="InvalidSignature"/> or <see cref="InvalidEvent"/>.</summary>
public sealed class InvalidStripeWebhookException(string code, string message) : Exception(message)
{
    public const string InvalidSignature = "invalid-signature";
    public const string InvalidEvent = "invalid-event";

    public string Code { get; } = code;
}
