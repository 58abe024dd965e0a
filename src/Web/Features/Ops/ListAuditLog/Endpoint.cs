using System.Text.Json;
using FastEndpoints;
using Scholar.Application.Ops.ListAuditLog;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.ListAuditLog;

/// <summary>One audit entry as the API shows it (DESIGN.md 10.3); <c>detail</c> is the recorded JSON.</summary>
public sealed record Response(DateTimeOffset At, string Actor, string Action, string Subject, JsonElement? Detail);

public sealed class Request : ListLimitRequest;

public sealed class RequestValidator() : ListLimitValidator<Request>(ListAuditLogHandler.Limit);

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
