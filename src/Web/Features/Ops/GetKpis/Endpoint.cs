using FastEndpoints;
using Scholar.Application.Ops.GetKpis;
using Scholar.Web.ApiReference;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.GetKpis;

/// <summary>The KPI figures of DESIGN.md 8.1 for <c>window=15m|1h|24h|run</c> (default 1h).</summary>
public sealed class Endpoint(GetKpisHandler handler) : Endpoint<Request, KpiReport>
{
    public override void Configure()
    {
        Get("/api/ops/kpis");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts().ProducesProblems(StatusCodes.Status404NotFound));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct) =>
        await Send.OkAsync(await handler.HandleAsync(new GetKpisQuery(req.Window), ct), ct);
}
