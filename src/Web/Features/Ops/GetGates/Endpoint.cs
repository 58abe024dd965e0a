using FastEndpoints;
using Scholar.Application.Ops.GetGates;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.GetGates;

/// <summary>The four gates of DESIGN.md 8.2 with evidence and remediation, and the GO / HOLD / NO-GO verdict.</summary>
public sealed class Endpoint(GetGatesHandler handler) : EndpointWithoutRequest<GatesResult>
{
    public override void Configure()
    {
        Get("/api/ops/gates");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.OkAsync(await handler.HandleAsync(ct), ct);
}
