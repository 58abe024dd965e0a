using FastEndpoints;
using Scholar.Application.Auth.SignUp;
using Scholar.Web.ApiReference;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Auth.SignUp;

/// <summary>Creates a student account: 201 with the new user id, 409 when the email is taken.</summary>
public sealed class Endpoint(SignUpHandler handler) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/auth/signup");
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimitPolicies.Credentials));
        Description(b => b.ClearDefaultProduces(StatusCodes.Status200OK).Produces<Response>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status409Conflict));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var result = await handler.HandleAsync(new SignUpCommand(req.Email, req.Password, req.DisplayName), ct);
        await Send.CreatedAtAsync("/api/auth/me", null, new Response(result.UserId), generateAbsoluteUrl: false, cancellation: ct);
    }
}
