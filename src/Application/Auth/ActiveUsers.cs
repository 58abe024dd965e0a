using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Auth;

namespace Scholar.Application.Auth;

/// <summary>
/// Whether a session or grant issued earlier may still act: its account exists, is not locked out
/// and, when the session remembers a security stamp, has not changed its password since. The issuer
/// asks at every authorize, code and refresh exchange; the ops console at every request.
/// </summary>
public sealed class ActiveUsers(IAppDbContext db, TimeProvider clock)
{
    /// <summary>
    /// The account behind <paramref name="principal"/> as it is now, or null when it no longer may act.
    /// With <paramref name="checkStamp"/>, a principal whose <see cref="ScholarClaims.SecurityStamp"/>
    /// is missing or stale is refused.
    /// </summary>
    public async Task<User?> FindAsync(ClaimsPrincipal? principal, bool checkStamp, CancellationToken ct)
    {
        if (!Guid.TryParse(principal?.FindFirst(ScholarClaims.Subject)?.Value, out var id))
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null || user.IsLockedOut(clock.GetUtcNow()))
        {
            return null;
        }

        return !checkStamp || principal!.FindFirst(ScholarClaims.SecurityStamp)?.Value == user.SecurityStamp.ToString() ? user : null;
    }
}
