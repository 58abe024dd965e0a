using FastEndpoints;
using Microsoft.Extensions.Options;
using Scholar.Application.Auth.ForgotPassword;
using Scholar.Infrastructure.Auth;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Auth.ForgotPassword;

/// <summary>Always 202 with the same body, so the answer never tells whether an account exists.</summary>
public sealed class Endpoint(ForgotPasswordHandler handler, IOptions<AuthSettings> settings) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/auth/password/forgot");
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimitPolicies.Credentials));
        Description(b => b.ClearDefaultProduces(StatusCodes.Status200OK).Produces<Response>(StatusCodes.Status202Accepted));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var resetPage = new Uri(settings.Value.AppBaseUri, "account/reset-password").ToString();
        await handler.HandleAsync(new ForgotPasswordCommand(req.Email, resetPage), ct);
        await Send.ResponseAsync(Response.Accepted, StatusCodes.Status202Accepted, ct);
    }
}
