using System.Text.Json;
using FastEndpoints;
using FluentValidation;
using Scholar.Application.Ops.ListAuditLog;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.ListAuditLog;

/// <summary>One audit entry as the API shows it (DESIGN.md 10.3); <c>detail</c> is the recorded JSON.</summary>
public sealed record Response(DateTimeOffset At, string Actor, string Action, string Subject, JsonElement? Detail);

public sealed class Request
{
    [QueryParam]
    public int? Limit { get; init; }
}

public sealed class RequestValidator : Validator<Request>
{
    public RequestValidator() =>
        RuleFor(r => r.Limit).InclusiveBetween(1, ListAuditLogHandler.Limit)
            .WithMessage($"Must be a whole number from 1 to {ListAuditLogHandler.Limit}.");
}

/// <summary><c>GET /api/ops/audit?limit=</c>: the newest audit entries first (credit grants, adjustments, operator actions).</summary>
public sealed class Endpoint(ListAuditLogHandler handler) : Endpoint<Request, IReadOnlyList<Response>>
{
    public const int DefaultLimit = 50;

    public override void Configure()
    {
        Get("/api/ops/audit");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var entries = await handler.HandleAsync(action: null, req.Limit ?? DefaultLimit, ct);
        await Send.OkAsync([.. entries.Select(e => new Response(e.At, e.Actor, e.Action, e.Subject, ParseDetail(e.Details)))], ct);
    }

    private static JsonElement? ParseDetail(string? details) =>
        details is null ? null : JsonDocument.Parse(details).RootElement.Clone();
}
