using FastEndpoints;
using Scholar.Application.Notifications.GetNotification;
using Scholar.Web.ApiReference;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Notifications.GetNotification;

public sealed class Request
{
    public Guid Id { get; set; }
}

public sealed record EventResponse(string RecordType, string Recipient, string? Detail, DateTimeOffset OccurredAt);

public sealed record Response(
    Guid Id,
    string Template,
    string Status,
    int Attempts,
    string? LastError,
    string? ProviderMessageId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    IReadOnlyList<EventResponse> Events);

/// <summary>A notification's delivery state for the calling service or an operator.</summary>
public sealed class Endpoint(GetNotificationHandler handler) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/api/notifications/{id:guid}");
        AuthSchemes(NotifySignatureAuthenticationHandler.SchemeName);
        Policies(AuthPolicies.NotificationsSend);
        Description(b => b.ClearDefaultAccepts().ProducesProblems(StatusCodes.Status404NotFound));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var n = await handler.HandleAsync(req.Id, ct);
        await Send.OkAsync(new Response(n.Id, n.Template, n.Status.ToString().ToLowerInvariant(), n.Attempts, n.LastError, n.ProviderMessageId,
            n.CreatedAt, n.SentAt, [.. n.Events.Select(e => new EventResponse(e.RecordType, e.Recipient, e.Detail, e.OccurredAt))]), ct);
    }
}
