using System.Security.Cryptography;
using System.Text;
using Scholar.Web.ApiReference;
using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Scholar.Application.Notifications.RecordProviderEvent;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Notifications;
using Scholar.Web.Errors;

namespace Scholar.Web.Features.Notifications.PostmarkWebhook;

public sealed record Response(bool Recorded, bool Duplicate);

/// <summary>
/// Postmark's webhooks (Basic auth with POSTMARK_WEBHOOK_USERNAME/PASSWORD). Each (MessageID,
/// RecordType) is recorded once; deliveries and bounces move the notification; hard bounces, spam
/// complaints and provider-side suppressions put the recipient on the suppression list.
/// </summary>
public sealed class Endpoint(ProviderEventRecorder recorder, IOptions<NotificationSettings> settings, TimeProvider clock)
    : Endpoint<Request, Results<Ok<Response>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/webhooks/postmark");
        AllowAnonymous();
        Description(b => b.ProducesProblems(StatusCodes.Status401Unauthorized));
    }

    public override async Task<Results<Ok<Response>, ProblemHttpResult>> ExecuteAsync(Request req, CancellationToken ct)
    {
        if (!IsAuthorised(HttpContext.Request.Headers.Authorization.ToString()))
        {
            HttpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"postmark\"";
            return TypedResults.Problem(ProblemExceptionHandler.Create(StatusCodes.Status401Unauthorized, "unauthenticated",
                "Postmark webhooks need the configured Basic credentials."));
        }

        if (ToCommand(req, clock.GetUtcNow()) is not { } command)
        {
            // A record type Scholar does not track: acknowledge so Postmark does not retry it.
            return TypedResults.Ok(new Response(Recorded: false, Duplicate: false));
        }

        var result = await recorder.HandleAsync(command, ct);
        return TypedResults.Ok(new Response(Recorded: !result.Duplicate, result.Duplicate));
    }

    internal static RecordProviderEventCommand? ToCommand(Request r, DateTimeOffset now) => r.RecordType switch
    {
        "Delivery" => new(r.MessageId, r.RecordType, r.Recipient ?? "", r.DeliveredAt ?? now, null, NotificationStatus.Delivered, RecipientSuppression.Unchanged),
        "Bounce" => new(r.MessageId, r.RecordType, r.Email ?? "", r.BouncedAt ?? now, $"{r.Type}: {r.Description}", NotificationStatus.Bounced,
            r.Type == "HardBounce" || r.Inactive ? RecipientSuppression.Suppress : RecipientSuppression.Unchanged),
        "SpamComplaint" => new(r.MessageId, r.RecordType, r.Email ?? "", r.BouncedAt ?? now, "Spam complaint", null, RecipientSuppression.Suppress),
        "Open" => new(r.MessageId, r.RecordType, r.Recipient ?? "", r.ReceivedAt ?? now, null, null, RecipientSuppression.Unchanged),
        "Click" => new(r.MessageId, r.RecordType, r.Recipient ?? "", r.ReceivedAt ?? now, r.OriginalLink, null, RecipientSuppression.Unchanged),
        "SubscriptionChange" => new(r.MessageId, r.RecordType, r.Recipient ?? "", r.ChangedAt ?? now, r.SuppressionReason, null,
            r.SuppressSending switch
            {
                true => RecipientSuppression.Suppress,
                false => RecipientSuppression.Reactivate,
                null => RecipientSuppression.Unchanged,
            }),
        _ => null,
    };

    private bool IsAuthorised(string header)
    {
        var s = settings.Value;
        if (string.IsNullOrEmpty(s.PostmarkWebhookUsername) || string.IsNullOrEmpty(s.PostmarkWebhookPassword)
            || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] presented;
        try
        {
            presented = Convert.FromBase64String(header["Basic ".Length..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes($"{s.PostmarkWebhookUsername}:{s.PostmarkWebhookPassword}"));
    }
}
