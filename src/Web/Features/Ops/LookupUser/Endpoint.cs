using FastEndpoints;
using Scholar.Application.Ops.LookupUser;
using Scholar.Web.ApiReference;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.LookupUser;

public sealed class Request
{
    [QueryParam]
    public string? Email { get; init; }
}

/// <summary><c>GET /api/ops/users?email=</c>: one user's roles, balance and payments; 404 when no user has the email.</summary>
public sealed class Endpoint(LookupUserHandler handler) : Endpoint<Request, UserLookup>
{
    public override void Configure()
    {
        Get("/api/ops/users");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts().ProducesProblems(StatusCodes.Status404NotFound));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct) =>
        await Send.OkAsync(await handler.HandleAsync(req.Email ?? "", ct), ct);
}
