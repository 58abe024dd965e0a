using FastEndpoints;
using Scholar.Application.Ops.StartValidationRun;
using Scholar.Application.Ops.StopValidationRun;
using Scholar.Web.ApiReference;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.StopValidationRun;

/// <summary>Stops an active validation run before its 60 minutes are up.</summary>
public sealed class Endpoint(StopValidationRunHandler handler) : Endpoint<Request, ValidationRunResult>
{
    public override void Configure()
    {
        Post("/api/ops/validation-runs/{id}/stop");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct) =>
        await Send.OkAsync(await handler.HandleAsync(new StopValidationRunCommand(req.Id, User.Describe()), ct), ct);
}
