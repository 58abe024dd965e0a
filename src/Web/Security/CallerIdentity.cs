using System.Security.Claims;
using Scholar.Application.Auth;
using Scholar.Application.Common;

namespace Scholar.Web.Security;

/// <summary>Who is calling, as recorded in ledgers and idempotency scopes.</summary>
public static class CallerIdentity
{
    /// <summary><c>user:{sub}</c> for a person, <c>client:{id}</c> for a service token, else <c>anonymous</c>.</summary>
    public static string Describe(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var subject = user.FindFirstValue(ScholarClaims.Subject);
        if (!string.IsNullOrEmpty(subject))
        {
            return $"user:{subject}";
        }

        var client = user.FindFirstValue("client_id") ?? user.FindFirstValue("azp");
        return string.IsNullOrEmpty(client) ? "anonymous" : $"client:{client}";
    }

    /// <summary>The signed-in user's id; endpoints under <see cref="AuthPolicies.User"/> always have one.</summary>
    public static Guid RequiredUserId(this ClaimsPrincipal user) =>
        user.UserId() ?? throw new ForbiddenException("not-a-user", "The access token does not identify a user.");
}
