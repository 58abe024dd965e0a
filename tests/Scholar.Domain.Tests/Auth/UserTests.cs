using Scholar.Domain.Auth;
using Scholar.Domain.Common;

namespace Scholar.Domain.Tests.Auth;

public sealed class UserTests
{
    private const string Password = "Correct-password-1";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void New_user_is_a_student_with_a_normalised_email_and_no_plain_password()
    {
        var user = User.Create("  Ada@Example.COM ", null, Password, Now);

        Assert.Equal(["student"], user.Roles);
        Assert.Equal("Ada@Example.COM", user.Email);
        Assert.Equal("ada@example.com", user.NormalizedEmail);
        Assert.Equal("Ada", user.DisplayName);
        Assert.StartsWith("pbkdf2-sha512$210000$", user.PasswordHash, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, user.PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_refuses_a_short_password_and_an_unknown_role()
    {
        Assert.Equal("weak-password", Assert.Throws<DomainException>(() => User.Create("a@b.c", null, "short", Now)).Code);
        Assert.Equal("unknown-role", Assert.Throws<DomainException>(() => User.Create("a@b.c", null, Password, Now, "admin")).Code);
    }

    [Fact]
    public void Sign_in_locks_after_repeated_failures_and_refuses_the_right_password_until_it_expires()
    {
        var user = User.Create("a@b.c", null, Password, Now);
        for (var i = 1; i < User.MaxFailedSignIns; i++)
        {
            Assert.Equal(SignInOutcome.InvalidCredentials, user.SignIn("wrong-password", Now));
        }

        Assert.Equal(SignInOutcome.LockedOut, user.SignIn("wrong-password", Now));
        Assert.Equal(SignInOutcome.LockedOut, user.SignIn(Password, Now.AddMinutes(1)));
        Assert.Equal(SignInOutcome.Succeeded, user.SignIn(Password, Now + User.LockoutDuration));
        Assert.Equal(0, user.FailedSignInCount);
    }

    [Fact]
    public void Reset_token_works_once_and_rotates_the_security_stamp()
    {
        var user = User.Create("a@b.c", null, Password, Now);
        var (token, secret) = PasswordResetToken.Issue(user, Now);
        var stamp = user.SecurityStamp;

        user.ResetPassword(token, "New-password-22", Now.AddMinutes(5));

        Assert.NotEqual(stamp, user.SecurityStamp);
        Assert.Equal(PasswordResetToken.HashOf(secret), token.TokenHash);
        Assert.Equal(SignInOutcome.Succeeded, user.SignIn("New-password-22", Now.AddMinutes(6)));
        Assert.Throws<DomainException>(() => user.ResetPassword(token, "Another-password-3", Now.AddMinutes(7)));
    }

    [Fact]
    public void Reset_token_is_dead_after_expiry_or_any_other_password_change()
    {
        var user = User.Create("a@b.c", null, Password, Now);
        var (expired, _) = PasswordResetToken.Issue(user, Now);
        var (outdated, _) = PasswordResetToken.Issue(user, Now);

        Assert.False(expired.IsUsableBy(user, Now + PasswordResetToken.Lifetime));
        user.ChangePassword("Changed-password-9", Now.AddMinutes(1));
        Assert.False(outdated.IsUsableBy(user, Now.AddMinutes(2)));
    }

    [Fact]
    public void Reset_token_of_one_user_cannot_reset_another()
    {
        var owner = User.Create("a@b.c", null, Password, Now);
        var other = User.Create("x@y.z", null, Password, Now);
        var (token, _) = PasswordResetToken.Issue(owner, Now);

        Assert.False(token.IsUsableBy(other, Now));
    }

    [Fact]
    public void Revoking_a_staff_role_keeps_the_others_and_an_account_left_with_none_is_a_student()
    {
        var user = User.Create("a@b.c", null, Password, Now, Role.Ceo);
        user.GrantRole(Role.Operator);

        user.RevokeRole(Role.Ceo);
        Assert.Equal([Role.Operator], user.Roles);

        user.RevokeRole(Role.Operator);
        Assert.Equal([Role.Student], user.Roles);
    }

    [Fact]
    public void A_reset_request_keeps_the_address_as_typed_and_refuses_an_impossible_one()
    {
        var request = PasswordResetRequest.Create("  Someone@Example.org ", "https://scholar.test/reset", Now);

        Assert.Equal("Someone@Example.org", request.Email);
        Assert.Equal(Now, request.RequestedAt);
        Assert.Throws<DomainException>(() => PasswordResetRequest.Create(new string('a', User.MaxEmailLength + 1), "https://scholar.test/reset", Now));
    }
}
