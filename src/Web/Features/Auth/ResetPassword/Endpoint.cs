using FastEndpoints;
using Scholar.Application.Auth.ResetPassword;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Auth.ResetPassword;

/// <summary>Sets a new password with a mailed token: 204, or 400 when the token is invalid, used or expired.</summary>
public sealed class Endpoint(ResetPasswordHandler handler) : Endpoint<Request>
{
    public override void Configure()
    {
        Post("/api/auth/password/reset");
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimitPolicies.Credentials));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await handler.HandleAsync(new ResetPasswordCommand(req.Email, req.Token, req.NewPassword), ct);
        await Send.NoContentAsync(ct);
    }
}
