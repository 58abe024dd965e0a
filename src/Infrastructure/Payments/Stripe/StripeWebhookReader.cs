using System.Text.Json;
using Scholar.Application.Abstractions;
using Scholar.Application.Payments.ProcessStripeEvent;
using Stripe;

namespace Scholar.Infrastructure.Payments.Stripe;

/// <summary>
/// Verifies a webhook exactly as Stripe documents it (Stripe.net's <see cref="EventUtility.ValidateSignature(string, string, string, long, long)"/>,
/// 300 s tolerance) and only then reads the few fields fulfillment acts on from the JSON itself. Stripe
/// renders events in the API version of the account or the endpoint, not the one Stripe.net pins, so
/// nothing here depends on the version: an object id may come as a string or expanded, unknown fields
/// are ignored, and a missing or mistyped field that fulfillment needs makes the event invalid.
/// </summary>
public sealed class StripeWebhookReader(StripeSettings settings, TimeProvider clock) : IStripeWebhookReader
{
    public const long ToleranceSeconds = 300;

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public PaymentEvent Read(string body, string? signatureHeader)
    {
        if (string.IsNullOrEmpty(settings.WebhookSecret))
        {
            throw new InvalidOperationException("Missing required setting STRIPE_WEBHOOK_SECRET.");
        }

        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            throw new InvalidStripeWebhookException(InvalidStripeWebhookException.InvalidSignature, "The Stripe-Signature header is missing.");
        }

        try
        {
            EventUtility.ValidateSignature(body, signatureHeader, settings.WebhookSecret, ToleranceSeconds, clock.GetUtcNow().ToUnixTimeSeconds());
        }
        catch (StripeException e)
        {
            throw new InvalidStripeWebhookException(InvalidStripeWebhookException.InvalidSignature, e.Message);
        }

        try
        {
            using var document = JsonDocument.Parse(body, Strict);
            return Parse(document.RootElement);
        }
        catch (JsonException e)
        {
            throw Invalid(e is InvalidEventException ? e.Message : "The body is not well-formed JSON.");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // System.Text.Json throws these, not JsonException, for a lone surrogate escape (e.g. "\ud83d") in a
            // property name when it checks for duplicates: still a body that is no Stripe event, not a server fault.
            throw Invalid("The body is not well-formed JSON.");
        }
    }

    /// <summary>Reads a verified event; throws <see cref="JsonException"/> when it is no Stripe event.</summary>
    public static PaymentEvent Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || OptionalString(root, "object") is not (null or "event"))
        {
            throw new InvalidEventException("The body is not a Stripe event object.");
        }

        var id = RequiredString(root, "id");
        var type = RequiredString(root, "type");
        var livemode = OptionalBool(root, "livemode") ?? false;
        var apiVersion = OptionalString(root, "api_version");
        if (!type.StartsWith("checkout.session.", StringComparison.Ordinal) && !type.StartsWith("charge.", StringComparison.Ordinal))
        {
            return new IgnoredEvent(id, type, livemode, apiVersion);
        }

        var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : throw new InvalidEventException("The event has no data object.");
        var o = data.TryGetProperty("object", out var x) && x.ValueKind == JsonValueKind.Object ? x : throw new InvalidEventException("The event has no data.object.");
        return type switch
        {
            "checkout.session.completed" => Session(o, SessionEventKind.Completed),
            "checkout.session.async_payment_succeeded" => Session(o, SessionEventKind.AsyncPaymentSucceeded),
            "checkout.session.async_payment_failed" => Session(o, SessionEventKind.AsyncPaymentFailed),
            "checkout.session.expired" => Session(o, SessionEventKind.Expired),
            "charge.refunded" => new ChargeRefundedEvent(id, type, livemode, apiVersion,
                RequiredString(o, "id"), IdOf(o, "payment_intent"), RequiredLong(o, "amount_refunded")),
            // Every dispute event carries the dispute as it stands now: created, updated, funds moved, closed.
            _ when type.StartsWith("charge.dispute.", StringComparison.Ordinal) => Dispute(o),
            _ => new IgnoredEvent(id, type, livemode, apiVersion),
        };

        CheckoutSessionEvent Session(JsonElement s, SessionEventKind kind)
        {
            var reference = OptionalString(s, "client_reference_id");
            var metadataId = s.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? OptionalString(m, "payment_id") : null;
            var paymentId = Guid.TryParse(reference, out var byReference) ? byReference
                : Guid.TryParse(metadataId, out var byMetadata) ? byMetadata
                : (Guid?)null;
            return new CheckoutSessionEvent(id, type, livemode, apiVersion, kind, RequiredString(s, "id"), paymentId,
                OptionalString(s, "payment_status") ?? "unpaid", OptionalLong(s, "amount_total"), OptionalString(s, "currency"), IdOf(s, "payment_intent"));
        }

        DisputeEvent Dispute(JsonElement s)
        {
            var status = RequiredString(s, "status");
            return new DisputeEvent(id, type, livemode, apiVersion, RequiredString(s, "id"),
                IdOf(s, "charge") ?? throw new InvalidEventException("The dispute names no charge."),
                IdOf(s, "payment_intent"), RequiredLong(s, "amount"), DisputeEvent.StateOf(status), status);
        }
    }

    private static InvalidStripeWebhookException Invalid(string message) =>
        new(InvalidStripeWebhookException.InvalidEvent, $"The signed body is not a Stripe event Scholar can read: {message}");

    private sealed class InvalidEventException(string message) : JsonException(message);

    private static string RequiredString(JsonElement o, string name) =>
        OptionalString(o, name) is { Length: > 0 } value ? value : throw new InvalidEventException($"'{name}' is missing or not a string.");

    private static long RequiredLong(JsonElement o, string name) =>
        OptionalLong(o, name) ?? throw new InvalidEventException($"'{name}' is missing or not an integer.");

    private static string? OptionalString(JsonElement o, string name) =>
        !o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw new InvalidEventException($"'{name}' is not a string.");

    private static long? OptionalLong(JsonElement o, string name) =>
        !o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n
        : throw new InvalidEventException($"'{name}' is not an integer.");

    private static bool? OptionalBool(JsonElement o, string name) =>
        !o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
        : throw new InvalidEventException($"'{name}' is not a boolean.");

    /// <summary>A reference to another object: its id as a string, or the object itself when the sender expanded it.</summary>
    private static string? IdOf(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? RequiredString(v, "id") : OptionalString(o, name);
}
