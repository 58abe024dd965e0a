using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;

namespace Scholar.Web.Features.Notifications.PostmarkWebhook;

/// <summary>The fields Scholar reads from Postmark's webhook payloads (one shape per <c>RecordType</c>).</summary>
public sealed class Request
{
    [JsonPropertyName("RecordType")]
    public string RecordType { get; set; } = "";

    [JsonPropertyName("MessageID")]
    public string MessageId { get; set; } = "";

    /// <summary>Delivery, Open, Click, SubscriptionChange.</summary>
    [JsonPropertyName("Recipient")]
    public string? Recipient { get; set; }

    /// <summary>Bounce, SpamComplaint.</summary>
    [JsonPropertyName("Email")]
    public string? Email { get; set; }

    [JsonPropertyName("Type")]
    public string? Type { get; set; }

    [JsonPropertyName("Description")]
    public string? Description { get; set; }

    [JsonPropertyName("Inactive")]
    public bool Inactive { get; set; }

    [JsonPropertyName("OriginalLink")]
    public string? OriginalLink { get; set; }

    [JsonPropertyName("SuppressSending")]
    public bool? SuppressSending { get; set; }

    [JsonPropertyName("SuppressionReason")]
    public string? SuppressionReason { get; set; }

    [JsonPropertyName("DeliveredAt")]
    public DateTimeOffset? DeliveredAt { get; set; }

    [JsonPropertyName("BouncedAt")]
    public DateTimeOffset? BouncedAt { get; set; }

    [JsonPropertyName("ReceivedAt")]
    public DateTimeOffset? ReceivedAt { get; set; }

    [JsonPropertyName("ChangedAt")]
    public DateTimeOffset? ChangedAt { get; set; }
}

public sealed class RequestValidator : Validator<Request>
{
    public RequestValidator()
    {
        RuleFor(r => r.RecordType).NotEmpty();
        RuleFor(r => r.MessageId).NotEmpty().MaximumLength(100);
    }
}
