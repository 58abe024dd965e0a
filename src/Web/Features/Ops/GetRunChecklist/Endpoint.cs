using FastEndpoints;
using Scholar.Application.Ops.GetRunChecklist;
using Scholar.Web.ApiReference;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.GetRunChecklist;

/// <summary>A validation run's checklist (DESIGN.md 8.3), from what happened inside the run's window; 404 for an unknown run.</summary>
public sealed class Endpoint(GetRunChecklistHandler handler) : Endpoint<Request, RunChecklist>
{
    public override void Configure()
    {
        Get("/api/ops/validation-runs/{id}/checklist");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts().ProducesProblems(StatusCodes.Status404NotFound));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct) =>
        await Send.OkAsync(await handler.HandleAsync(req.Id, ct), ct);
}
