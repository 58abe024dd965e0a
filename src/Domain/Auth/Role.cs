namespace Scholar.Domain.Auth;

/// <summary>The roles a user can hold (DESIGN.md section 5 "Auth").</summary>
public static class Role
{
    public const string Student = "student";
    public const string Operator = "operator";
    public const string Ceo = "ceo";

    public static IReadOnlyList<string> All { get; } = [Student, Operator, Ceo];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);

    /// <summary>Operators and the CEO run the business; they alone get staff scopes.</summary>
    public static bool IsStaff(IEnumerable<string> roles) => roles.Any(r => r is Operator or Ceo);
}
