using System.Net.Mail;
using System.Text.Json;
using FastEndpoints;
using FluentValidation;

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

public sealed class RequestValidator : Validator<Request>
{
    public const int MaxKeyLength = 200;

    public RequestValidator()
    {
        RuleFor(r => r.Template).NotEmpty().WithMessage("Name the template to send.");
        RuleFor(r => r.To).Must(IsSingleAddress).WithMessage("'to' must be one email address, like student@example.com.");
        RuleFor(r => r.Channel).Must(c => c is null or "email").WithMessage("The only channel is \"email\".");
        RuleFor(r => r.IdempotencyKey).MaximumLength(MaxKeyLength);
        RuleForEach(r => r.Data).Must(kv => kv.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            .WithMessage("Template variables must be strings, numbers or booleans.");
    }

    private static bool IsSingleAddress(string to) =>
        MailAddress.TryCreate(to.Trim(), out var address) && address.Address == to.Trim() && address.Host.Contains('.', StringComparison.Ordinal);
}
