using FastEndpoints;
using Scholar.Application.Ops.LookupUser;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.LookupUser;

/// <summary><c>GET /api/ops/users?email=</c>: one user's roles, balance and payments; 404 when no user has the email.</summary>
public sealed class Endpoint(LookupUserHandler handler) : EndpointWithoutRequest<UserLookup>
{
    public override void Configure()
    {
        Get("/api/ops/users");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(await handler.HandleAsync(HttpContext.Request.Query["email"].ToString(), ct), ct);
}
