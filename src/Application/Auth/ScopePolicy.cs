using Scholar.Domain.Auth;

namespace Scholar.Application.Auth;

/// <summary>
/// Which requested scopes a user's roles allow. A scope the roles do not allow is left out of the
/// token rather than refused, so one client configuration serves students and staff alike.
/// </summary>
public static class ScopePolicy
{
    private static readonly HashSet<string> StaffOnly = new(StringComparer.Ordinal)
    {
        Scopes.CreditsAdmin,
        Scopes.Ops,
        Scopes.NotificationsSend,
    };

    public static IReadOnlyList<string> GrantableTo(IEnumerable<string> roles, IEnumerable<string> requested)
    {
        var staff = Role.IsStaff(roles);
        return requested.Where(scope => staff || !StaffOnly.Contains(scope)).Distinct(StringComparer.Ordinal).ToList();
    }
}
