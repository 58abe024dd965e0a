using FastEndpoints;
using Scholar.Application.Ops.Alerts;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.ListAlerts;

public sealed class Request : ListLimitRequest;

public sealed class RequestValidator() : ListLimitValidator<Request>(ListAlertsHandler.MaxLimit);

/// <summary><c>GET /api/ops/alerts?limit=</c>: the latest alerts, open and resolved, newest first (DESIGN.md 10.3).</summary>
public sealed class Endpoint(ListAlertsHandler handler) : Endpoint<Request, IReadOnlyList<AlertView>>
{
    public override void Configure()
    {
        Get("/api/ops/alerts");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(Request req, CancellationToken ct) =>
        await Send.OkAsync(await handler.HandleAsync(req.Limit ?? ListAlertsHandler.DefaultLimit, ct), ct);
}
