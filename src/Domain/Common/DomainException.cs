namespace Scholar.Domain.Common;

/// <summary>
/// Raised when a requested change would break a business rule. <see cref="Code"/> is a stable,
/// kebab-case identifier that the API turns into the problem type (e.g. <c>insufficient-credits</c>).
/// </summary>
public class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
