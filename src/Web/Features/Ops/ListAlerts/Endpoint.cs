using FastEndpoints;
using FluentValidation;
using Scholar.Application.Ops.Alerts;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.ListAlerts;

public sealed class Request
{
    [QueryParam]
    public int? Limit { get; init; }
}

public sealed class RequestValidator : Validator<Request>
{
    public RequestValidator() =>
        RuleFor(r => r.Limit).InclusiveBetween(1, ListAlertsHandler.MaxLimit)
            .WithMessage($"Must be a whole number from 1 to {ListAlertsHandler.MaxLimit}.");
}

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
