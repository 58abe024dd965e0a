using System.Text.Json;
using FastEndpoints;
using Scholar.Application.Common;
using Scholar.Application.Ops.ListAuditLog;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.ListAuditLog;

/// <summary>One audit entry as the API shows it (DESIGN.md 10.3); <c>detail</c> is the recorded JSON.</summary>
public sealed record Response(DateTimeOffset At, string Actor, string Action, string Subject, JsonElement? Detail);

/// <summary><c>GET /api/ops/audit?limit=</c>: the newest audit entries first (credit grants, adjustments, operator actions).</summary>
public sealed class Endpoint(ListAuditLogHandler handler) : EndpointWithoutRequest<IReadOnlyList<Response>>
{
    public const int DefaultLimit = 50;

    public override void Configure()
    {
        Get("/api/ops/audit");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var raw = HttpContext.Request.Query["limit"].ToString();
        var limit = DefaultLimit;
        if (raw.Length > 0 && (!int.TryParse(raw, out limit) || limit is < 1 or > ListAuditLogHandler.Limit))
        {
            throw new InputException("validation-failed", "One or more fields are invalid.",
                new Dictionary<string, string[]> { ["limit"] = [$"Must be a whole number from 1 to {ListAuditLogHandler.Limit}."] });
        }

        var entries = await handler.HandleAsync(action: null, limit, ct);
        await Send.OkAsync([.. entries.Select(e => new Response(e.At, e.Actor, e.Action, e.Subject, ParseDetail(e.Details)))], ct);
    }

    private static JsonElement? ParseDetail(string? details) =>
        details is null ? null : JsonDocument.Parse(details).RootElement.Clone();
}
