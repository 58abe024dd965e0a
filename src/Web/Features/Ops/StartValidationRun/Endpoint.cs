using FastEndpoints;
using Scholar.Application.Ops.StartValidationRun;
using Scholar.Web.ApiReference;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.StartValidationRun;

/// <summary>Starts a 60-minute validation run (DESIGN.md 8.3); 409 while another is active.</summary>
public sealed class Endpoint(StartValidationRunHandler handler) : Endpoint<Request, ValidationRunResult>
{
    public override void Configure()
    {
        Post("/api/ops/validation-runs");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultProduces(StatusCodes.Status200OK).Produces<ValidationRunResult>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status409Conflict));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var run = await handler.HandleAsync(new StartValidationRunCommand(User.Describe(), req.Sandbox), ct);
        await Send.CreatedAtAsync<ListValidationRuns.Endpoint>(null, run, cancellation: ct);
    }
}
