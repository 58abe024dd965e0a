using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Scholar.Application.Auth;

namespace Scholar.OpsConsole.Security;

/// <summary>
/// A console session is only as good as the account behind it, re-read on every request: a password
/// change or reset (security stamp), a lockout, a deleted account or a removed staff role ends the
/// session at once; a changed staff role (ceo to operator) takes effect at once. A session without a
/// stamp (issued before stamps reached the console) is ended too, so it signs in again.
/// </summary>
public static class ConsoleSessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var activeUsers = context.HttpContext.RequestServices.GetRequiredService<ActiveUsers>();
        var user = await activeUsers.FindAsync(context.Principal, checkStamp: true, context.HttpContext.RequestAborted);
        string[] roles = user is null ? [] : [.. user.Roles.Where(r => r is Roles.Operator or Roles.Ceo).Order(StringComparer.Ordinal)];
        if (roles.Length == 0)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleSignIn.CookieScheme);
            return;
        }

        var identity = (ClaimsIdentity)context.Principal!.Identity!;
        string[] held = [.. identity.FindAll(identity.RoleClaimType).Select(c => c.Value).Order(StringComparer.Ordinal)];
        if (held.SequenceEqual(roles, StringComparer.Ordinal))
        {
            return;
        }

        var renewed = new ClaimsIdentity(identity.Claims.Where(c => c.Type != identity.RoleClaimType), identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
        renewed.AddClaims(roles.Select(r => new Claim(identity.RoleClaimType, r)));
        context.ReplacePrincipal(new ClaimsPrincipal(renewed));
        context.ShouldRenew = true;
    }
}
