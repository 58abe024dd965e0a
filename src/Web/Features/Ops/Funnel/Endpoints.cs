using FastEndpoints;
using Scholar.Application.Ops.Funnel;
using Scholar.Domain.Ops;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.Funnel;

public sealed class ChangeRequest
{
    public string? Reason { get; init; }
}

/// <summary>The funnel stage and pilot limits (DESIGN.md 7).</summary>
public sealed class GetEndpoint(FunnelHandler handler) : EndpointWithoutRequest<FunnelView>
{
    public override void Configure()
    {
        Get("/api/ops/funnel");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.OkAsync(await handler.GetAsync(ct), ct);
}

/// <summary>
/// Widens the funnel to <c>open</c>. Any operator may ask, so that a refusal can say why:
/// 403 <c>ceo-required</c> without role ceo, 403 <c>verdict-not-go</c> unless the verdict is GO.
/// </summary>
public sealed class WidenEndpoint(FunnelHandler handler) : Endpoint<ChangeRequest, FunnelView>
{
    public override void Configure()
    {
        Post("/api/ops/funnel/widen");
        Policies(AuthPolicies.Operator);
    }

    public override async Task HandleAsync(ChangeRequest req, CancellationToken ct) =>
        await Send.OkAsync(await handler.ChangeAsync(new ChangeFunnelCommand(User.Describe(), User.HasRole(Application.Auth.Roles.Ceo), FunnelStage.Open, req.Reason), ct), ct);
}

/// <summary>Narrows the funnel back to <c>pilot</c>; always allowed to an operator.</summary>
public sealed class NarrowEndpoint(FunnelHandler handler) : Endpoint<ChangeRequest, FunnelView>
{
    public override void Configure()
    {
        Post("/api/ops/funnel/narrow");
        Policies(AuthPolicies.Operator);
    }

    public override async Task HandleAsync(ChangeRequest req, CancellationToken ct) =>
        await Send.OkAsync(await handler.ChangeAsync(new ChangeFunnelCommand(User.Describe(), User.HasRole(Application.Auth.Roles.Ceo), FunnelStage.Pilot, req.Reason), ct), ct);
}
