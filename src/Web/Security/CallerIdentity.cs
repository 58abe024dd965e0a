using System.Security.Claims;
using Scholar.Application.Auth;
using Scholar.Application.Common;

namespace Scholar.Web.Security;

/// <summary>Who is calling, as recorded in ledgers and idempotency scopes.</summary>
public static class CallerIdentity
{
    /// <summary>
    /// <c>user:{id}</c> for a person; <c>client:{id}</c> for a service token (whose <c>sub</c> is its
    /// client id, not a user id); <c>anonymous</c> otherwise.
    /// </summary>
    public static string Describe(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.UserId() is { } id)
        {
            return $"user:{id}";
        }

        var client = user.FindFirstValue("client_id") ?? user.FindFirstValue("azp") ?? user.FindFirstValue(ScholarClaims.Subject);
        return string.IsNullOrEmpty(client) ? "anonymous" : $"client:{client}";
    }

    /// <summary>The signed-in user's id; endpoints under <see cref="AuthPolicies.User"/> always have one.</summary>
    public static Guid RequiredUserId(this ClaimsPrincipal user) =>
        user.UserId() ?? throw new ForbiddenException("not-a-user", "The access token does not identify a user.");
}
