using Scholar.Domain.Common;

namespace Scholar.Domain.Auth;

public enum SignInOutcome
{
    Succeeded,
    InvalidCredentials,
    LockedOut,
}

/// <summary>
/// A person who signs in to Scholar. Owns the password hash, the roles and the failed-attempt
/// lockout; every credential change rotates <see cref="SecurityStamp"/>, which outstanding reset
/// tokens compare against.
/// </summary>
public sealed class User
{
    public const int MaxFailedSignIns = 5;
    public const int MaxDisplayNameLength = 100;
    public const int MaxEmailLength = 254;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private User()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>As the user typed it (trimmed); <see cref="NormalizedEmail"/> is what is unique.</summary>
    public string Email { get; private set; } = "";

    public string NormalizedEmail { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    public string PasswordHash { get; private set; } = "";

    public string[] Roles { get; private set; } = [];

    public int FailedSignInCount { get; private set; }

    public DateTimeOffset? LockedOutUntil { get; private set; }

    public Guid SecurityStamp { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset PasswordChangedAt { get; private set; }

    public static User Create(string email, string? displayName, string password, DateTimeOffset now, string role = Role.Student)
    {
        EnsurePasswordShape(password);
        var trimmed = email.Trim();
        if (trimmed.Length is 0 or > MaxEmailLength || !trimmed.Contains('@', StringComparison.Ordinal))
        {
            throw new DomainException("invalid-email", "The email address is not valid.");
        }

        var user = new User
        {
            Id = Guid.CreateVersion7(now),
            Email = trimmed,
            NormalizedEmail = NormalizeEmail(trimmed),
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? trimmed.Split('@')[0] : displayName.Trim(),
            PasswordHash = Passwords.Hash(password),
            SecurityStamp = Guid.NewGuid(),
            CreatedAt = now,
            PasswordChangedAt = now,
        };
        if (user.DisplayName.Length > MaxDisplayNameLength)
        {
            throw new DomainException("invalid-display-name", $"The display name must be at most {MaxDisplayNameLength} characters.");
        }

        user.GrantRole(role);
        return user;
    }

    /// <summary>Emails compare case-insensitively; this is the form kept unique.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public bool IsLockedOut(DateTimeOffset now) => LockedOutUntil is { } until && until > now;

    /// <summary>
    /// Checks a password and records the outcome: success clears the failure count; the
    /// <see cref="MaxFailedSignIns"/>th failure in a row locks the account for <see cref="LockoutDuration"/>.
    /// While locked, even the right password is refused.
    /// </summary>
    public SignInOutcome SignIn(string password, DateTimeOffset now)
    {
        if (IsLockedOut(now))
        {
            Passwords.VerifyNothing(password);
            return SignInOutcome.LockedOut;
        }

        if (Passwords.Verify(password, PasswordHash))
        {
            FailedSignInCount = 0;
            LockedOutUntil = null;
            if (Passwords.NeedsRehash(PasswordHash))
            {
                PasswordHash = Passwords.Hash(password);
            }

            return SignInOutcome.Succeeded;
        }

        FailedSignInCount++;
        if (FailedSignInCount >= MaxFailedSignIns)
        {
            FailedSignInCount = 0;
            LockedOutUntil = now + LockoutDuration;
            return SignInOutcome.LockedOut;
        }

        return SignInOutcome.InvalidCredentials;
    }

    public void ChangePassword(string newPassword, DateTimeOffset now)
    {
        EnsurePasswordShape(newPassword);
        PasswordHash = Passwords.Hash(newPassword);
        PasswordChangedAt = now;
        SecurityStamp = Guid.NewGuid();
        FailedSignInCount = 0;
        LockedOutUntil = null;
    }

    /// <summary>Spends <paramref name="token"/> and sets the new password; refused if the token is not usable.</summary>
    public void ResetPassword(PasswordResetToken token, string newPassword, DateTimeOffset now)
    {
        if (!token.IsUsableBy(this, now))
        {
            throw new DomainException("invalid-reset-token", "The reset token is invalid, used or expired.");
        }

        ChangePassword(newPassword, now);
        token.MarkUsed(now);
    }

    public void GrantRole(string role)
    {
        if (!Role.IsKnown(role))
        {
            throw new DomainException("unknown-role", $"Unknown role '{role}'.");
        }

        if (!Roles.Contains(role, StringComparer.Ordinal))
        {
            Roles = [.. Roles, role];
        }
    }

    /// <summary>Takes a role away; an account left with none is a student, as every account starts.</summary>
    public void RevokeRole(string role)
    {
        Roles = [.. Roles.Where(r => r != role)];
        if (Roles.Length == 0)
        {
            Roles = [Role.Student];
        }
    }

    private static void EnsurePasswordShape(string password)
    {
        if (password.Length is < Passwords.MinLength or > Passwords.MaxLength)
        {
            throw new DomainException("weak-password", $"The password must be {Passwords.MinLength} to {Passwords.MaxLength} characters long.");
        }
    }
}
