using System.Security.Claims;
using Scholar.Application.Auth;

namespace Scholar.Web.Features.Ops;

public static class OpsActor
{
    /// <summary>Who the audit log names for an operator action: the user id (<c>sub</c>).</summary>
    public static string Of(ClaimsPrincipal user) =>
        user.FindFirstValue(ScholarClaims.Subject) ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
}
