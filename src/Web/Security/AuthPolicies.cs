using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Scholar.Application.Auth;

namespace Scholar.Web.Security;

/// <summary>
/// Authorization policies shared by every module's endpoints (<c>Policies(AuthPolicies.X)</c>).
/// The authentication scheme itself (JWT validation from the JWKS) is set up by the Auth module.
/// </summary>
public static class AuthPolicies
{
    /// <summary>Any signed-in user acting on their own data.</summary>
    public const string User = "user";

    /// <summary>Role operator/ceo, or scope credits.admin (service clients).</summary>
    public const string CreditsAdmin = "credits-admin";

    /// <summary>Role operator or ceo.</summary>
    public const string Operator = "operator";

    /// <summary>Role ceo.</summary>
    public const string Ceo = "ceo";

    /// <summary>Scope notifications.send (service clients), or an operator.</summary>
    public const string NotificationsSend = "notifications-send";

    public static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(User, p => p.RequireAuthenticatedUser().RequireClaim(ScholarClaims.Subject));
        options.AddPolicy(Operator, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.IsOperator()));
        options.AddPolicy(Ceo, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.HasRole(Roles.Ceo)));
        options.AddPolicy(CreditsAdmin, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.IsOperator() || c.User.HasScope(Scopes.CreditsAdmin)));
        options.AddPolicy(NotificationsSend, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasScope(Scopes.NotificationsSend) || c.User.IsOperator()));
    }
}

public static class ScholarPrincipal
{
    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ScholarClaims.Subject), out var id) ? id : null;

    public static bool HasRole(this ClaimsPrincipal user, string role) =>
        user.Claims.Any(c => c.Type is ScholarClaims.Role or ClaimTypes.Role && c.Value == role);

    public static bool IsOperator(this ClaimsPrincipal user) => user.HasRole(Roles.Operator) || user.HasRole(Roles.Ceo);

    /// <summary>Scopes may arrive as one space-separated claim or as one claim each.</summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.Claims
            .Where(c => c.Type is ScholarClaims.Scope or "oi_scp")
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Contains(scope);
}
