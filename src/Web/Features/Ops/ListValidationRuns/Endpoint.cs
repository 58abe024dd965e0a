using FastEndpoints;
using Scholar.Application.Ops.ListValidationRuns;
using Scholar.Application.Ops.StartValidationRun;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.ListValidationRuns;

/// <summary>The latest validation runs, newest first, with whether each is still active.</summary>
public sealed class Endpoint(ListValidationRunsHandler handler) : EndpointWithoutRequest<IReadOnlyList<ValidationRunResult>>
{
    public override void Configure()
    {
        Get("/api/ops/validation-runs");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.OkAsync(await handler.HandleAsync(ct), ct);
}
