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
    /// <summary>Any valid access token, a user's or a service client's.</summary>
    public const string AnyCaller = "any-caller";

    /// <summary>A signed-in user acting on their own data (a service client's token is no user).</summary>
    public const string User = "user";

    /// <summary>A signed-in user with scope credits: <c>/api/credits/*</c>.</summary>
    public const string Credits = "credits";

    /// <summary>Scope credits.admin (granted only to staff users and trusted service clients).</summary>
    public const string CreditsAdmin = "credits-admin";

    /// <summary>Role operator or ceo, and scope ops: <c>/api/ops/*</c>.</summary>
    public const string Operator = "operator";

    /// <summary>Role ceo, and scope ops.</summary>
    public const string Ceo = "ceo";

    /// <summary>Scope notifications.send (service clients), or an operator with scope ops.</summary>
    public const string NotificationsSend = "notifications-send";

    /// <summary>Scope ops.metrics (the Prometheus scraper), or an operator with scope ops: <c>/metrics</c>.</summary>
    public const string MetricsReader = "metrics-reader";

    // Roles say who the user is; scopes say what this token was issued for. Both must agree, so a
    // staff member's token issued to a narrower app cannot reach staff endpoints (DESIGN.md 10.2).
    public static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(AnyCaller, p => p.RequireAuthenticatedUser().RequireClaim(ScholarClaims.Subject));
        options.AddPolicy(User, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.UserId() is not null));
        options.AddPolicy(Credits, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.UserId() is not null && c.User.HasScope(Scopes.Credits)));
        options.AddPolicy(Operator, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.IsOperatorWithOpsScope()));
        options.AddPolicy(Ceo, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasRole(Roles.Ceo) && c.User.HasScope(Scopes.Ops)));
        options.AddPolicy(CreditsAdmin, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.HasScope(Scopes.CreditsAdmin)));
        options.AddPolicy(NotificationsSend, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasScope(Scopes.NotificationsSend) || c.User.IsOperatorWithOpsScope()));
        options.AddPolicy(MetricsReader, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasScope(Scopes.OpsMetrics) || c.User.IsOperatorWithOpsScope()));
    }

    /// <summary>
    /// The scope sets a token may hold to pass <paramref name="policy"/> (any one will do), as the API
    /// reference lists them; a policy that asks for no scope has one empty set, a policy not defined here
    /// none. Kept beside
    /// <see cref="Configure"/>, which is what actually enforces them.
    /// </summary>
    public static IReadOnlyList<string[]> ScopeAlternatives(string policy) => policy switch
    {
        Credits => [[Scopes.Credits]],
        CreditsAdmin => [[Scopes.CreditsAdmin]],
        Operator or Ceo => [[Scopes.Ops]],
        NotificationsSend => [[Scopes.NotificationsSend], [Scopes.Ops]],
        MetricsReader => [[Scopes.OpsMetrics], [Scopes.Ops]],
        User or AnyCaller => [[]],
        _ => [],
    };

    private static bool IsOperatorWithOpsScope(this ClaimsPrincipal user) => user.IsOperator() && user.HasScope(Scopes.Ops);
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
