using Scholar.Domain.Common;

namespace Scholar.Domain.Auth;

/// <summary>
/// "Email me a reset link", as asked, before anyone looks for the account: taking the request costs the
/// same for every address, and whether an account uses it is decided later, out of the request's sight.
/// </summary>
public sealed class PasswordResetRequest
{
    public const int MaxResetPageUrlLength = 2048;

    private PasswordResetRequest()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>As typed (trimmed); the account is looked up by its normalized form.</summary>
    public string Email { get; private set; } = "";

    /// <summary>The absolute page the emailed link opens (the API's or the student app's), token appended.</summary>
    public string ResetPageUrl { get; private set; } = "";

    public DateTimeOffset RequestedAt { get; private set; }

    public static PasswordResetRequest Create(string email, string resetPageUrl, DateTimeOffset now)
    {
        var trimmed = email.Trim();
        if (trimmed.Length is 0 or > User.MaxEmailLength)
        {
            throw new DomainException("invalid-email", "The email address is not valid.");
        }

        if (resetPageUrl.Length is 0 or > MaxResetPageUrlLength)
        {
            throw new ArgumentException("The reset page URL is empty or too long.", nameof(resetPageUrl));
        }

        return new PasswordResetRequest { Id = Guid.CreateVersion7(now), Email = trimmed, ResetPageUrl = resetPageUrl, RequestedAt = now };
    }
}
