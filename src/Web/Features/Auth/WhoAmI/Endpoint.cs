using System.Security.Claims;
using FastEndpoints;
using Scholar.Application.Auth;
using ApiScopes = Scholar.Application.Auth.Scopes;
using UserRoles = Scholar.Application.Auth.Roles;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Auth.WhoAmI;

/// <summary>Who the bearer token says the caller is, as every module's authorization sees it.</summary>
public sealed class Endpoint : EndpointWithoutRequest<Response>
{
    private static readonly string[] KnownRoles = [UserRoles.Student, UserRoles.Operator, UserRoles.Ceo];

    private static readonly string[] KnownScopes = [ApiScopes.Credits, ApiScopes.CreditsAdmin, ApiScopes.NotificationsSend, ApiScopes.Ops, ApiScopes.OpsMetrics];

    public override void Configure()
    {
        Get("/api/auth/me");
        Policies(AuthPolicies.AnyCaller);
        Description(b => b.ClearDefaultAccepts());
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(
            new Response(
                User.FindFirstValue(ScholarClaims.Subject)!,
                User.UserId(),
                [.. KnownRoles.Where(User.HasRole)],
                [.. KnownScopes.Where(User.HasScope)],
                User.IsOperator()),
            ct);
}
