using Scholar.Domain.Auth;

namespace Scholar.Application.Auth;

/// <summary>Roles of the contract (DESIGN.md section 5 "Auth").</summary>
public static class Roles
{
    public const string Student = Role.Student;
    public const string Operator = Role.Operator;
    public const string Ceo = Role.Ceo;
}

/// <summary>Scopes of the contract. <c>credits.admin</c> and <c>ops</c> need operator or ceo.</summary>
public static class Scopes
{
    public const string Credits = "credits";
    public const string CreditsAdmin = "credits.admin";
    public const string NotificationsSend = "notifications.send";
    public const string Ops = "ops";

    /// <summary>Read <c>/metrics</c> and nothing else: the Prometheus scraper's service client.</summary>
    public const string OpsMetrics = "ops.metrics";
}

/// <summary>Claim names as they appear in Scholar's access tokens.</summary>
public static class ScholarClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Scope = "scope";

    /// <summary>
    /// The user's security stamp at sign-in: in the issuer's login cookie, in codes and refresh tokens,
    /// and in the id token of clients that carry staff roles, so a password change or reset since ends
    /// what was issued before it.
    /// </summary>
    public const string SecurityStamp = "scholar_stamp";
}
