using System.Globalization;
using System.Security.Claims;
using Scholar.Web.Idempotency;
using Scholar.Web.ApiReference;
using FastEndpoints;
using Microsoft.Extensions.Options;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Notifications.SendNotification;
using Scholar.Infrastructure.Notifications;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Notifications.Send;

/// <summary>
/// <c>POST /api/send</c> and its deprecated alias <c>/send-notification</c>: queues a templated email.
/// Callers sign the body or present a bearer token with scope <c>notifications.send</c>.
/// </summary>
public sealed class Endpoint(SendNotificationHandler handler, IOptions<NotificationSettings> settings) : Endpoint<Request, Response>
{
    public const string Route = "/api/send";
    public const string AliasRoute = "/send-notification";

    /// <summary>When the alias was deprecated (RFC 9745 <c>Deprecation: @unix-seconds</c>).</summary>
    private static readonly DateTimeOffset AliasDeprecatedAt = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public override void Configure()
    {
        Post(Route, AliasRoute);
        AuthSchemes(NotifySignatureAuthenticationHandler.SchemeName);
        Policies(AuthPolicies.NotificationsSend);
        Description(b => b.ClearDefaultProduces(StatusCodes.Status200OK).Produces<Response>(StatusCodes.Status202Accepted)
            .AcceptsIdempotencyKey(required: false)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var headerKey = HttpContext.Request.Headers[IdempotentResponder.HeaderName].ToString();
        if (headerKey.Length > RequestValidator.MaxKeyLength)
        {
            throw new InputException("validation-failed", "One or more fields are invalid.",
                new Dictionary<string, string[]> { [IdempotentResponder.HeaderName] = [$"At most {RequestValidator.MaxKeyLength} characters."] });
        }

        var key = IdempotencyKeyOf(req, headerKey);
        var result = await handler.HandleAsync(new SendNotificationCommand(req.Template, req.To, req.DataAsText(), key, req.Channel ?? NotificationRequest.Email), ct);

        if (HttpContext.Request.Path.StartsWithSegments(AliasRoute, StringComparison.OrdinalIgnoreCase))
        {
            var headers = HttpContext.Response.Headers;
            headers["Deprecation"] = "@" + AliasDeprecatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            headers.Link = $"<{Route}>; rel=\"successor-version\"";
            if (settings.Value.SendNotificationSunset is { } sunset)
            {
                headers["Sunset"] = sunset.ToString("R", CultureInfo.InvariantCulture);
            }
        }

        await Send.ResponseAsync(new Response(result.Id, result.Status.ToString().ToLowerInvariant()), StatusCodes.Status202Accepted, ct);
    }

    /// <summary>
    /// A signed request's key is part of what was signed: the unsigned header may only repeat it, or a
    /// captured request could be replayed under a fresh header. Without a key in the body, the signature
    /// itself (one per timestamp and body) is the key, so a replay within the 300 s window queues nothing new.
    /// </summary>
    private string? IdempotencyKeyOf(Request req, string headerKey)
    {
        var bodyKey = req.IdempotencyKey is { Length: > 0 } k ? k : null;
        if (User.FindFirstValue(NotifySignatureAuthenticationHandler.SignatureClaim) is not { } signature)
        {
            return bodyKey ?? (headerKey.Length > 0 ? headerKey : null);
        }

        if (headerKey.Length > 0 && headerKey != bodyKey)
        {
            throw new InputException("idempotency-key-mismatch", "A signed request takes its idempotency key from the signed body.",
                new Dictionary<string, string[]> { [IdempotentResponder.HeaderName] = ["Must equal the body's idempotencyKey, or be left out: the header is not signed."] });
        }

        return bodyKey ?? signature;
    }
}
