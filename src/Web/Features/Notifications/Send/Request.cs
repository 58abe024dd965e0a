using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using FastEndpoints;
using FluentValidation;
using Scholar.Application.Abstractions;

namespace Scholar.Web.Features.Notifications.Send;

public sealed class Request
{
    public string Template { get; set; } = "";

    public string To { get; set; } = "";

    public string? Channel { get; set; }

    public Dictionary<string, JsonElement>? Data { get; set; }

    public string? IdempotencyKey { get; set; }

    /// <summary>Template variables as text; numbers and booleans keep their JSON spelling.</summary>
    public IReadOnlyDictionary<string, string> DataAsText() =>
        (Data ?? []).ToDictionary(kv => kv.Key, kv => kv.Value.ValueKind == JsonValueKind.String ? kv.Value.GetString()! : kv.Value.GetRawText());
}

public sealed partial class RequestValidator : Validator<Request>
{
    public const int MaxKeyLength = 200;

    public RequestValidator()
    {
        RuleFor(r => r.Template).NotEmpty().WithMessage("Name the template to send.");
        RuleFor(r => r.Channel).Must(c => c is null or NotificationRequest.Email or NotificationRequest.Sms)
            .WithMessage("The channel is \"email\" (the default) or \"sms\".");
        RuleFor(r => r.To).Must(IsSingleAddress).When(r => r.Channel is not NotificationRequest.Sms)
            .WithMessage("'to' must be one email address, like student@example.com.");
        // Every template has a text body (checked at start-up), so any template can go by SMS.
        RuleFor(r => r.To).Must(IsPhoneNumber).When(r => r.Channel is NotificationRequest.Sms)
            .WithMessage("'to' must be one phone number in E.164 form, like +15551234567.");
        RuleFor(r => r.IdempotencyKey).MaximumLength(MaxKeyLength);
        RuleForEach(r => r.Data).Must(kv => kv.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            .WithMessage("Template variables must be strings, numbers or booleans.");
    }

    private static bool IsPhoneNumber(string to) => PhoneNumber().IsMatch(to);

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex PhoneNumber();

    private static bool IsSingleAddress(string to) =>
        MailAddress.TryCreate(to.Trim(), out var address) && address.Address == to.Trim() && address.Host.Contains('.', StringComparison.Ordinal);
}
