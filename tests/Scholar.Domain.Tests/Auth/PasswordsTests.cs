using Scholar.Domain.Auth;

namespace Scholar.Domain.Tests.Auth;

public sealed class PasswordsTests
{
    [Fact]
    public void Verify_accepts_the_password_and_refuses_others()
    {
        var hash = Passwords.Hash("Correct-password-1");

        Assert.True(Passwords.Verify("Correct-password-1", hash));
        Assert.False(Passwords.Verify("correct-password-1", hash));
        Assert.False(Passwords.NeedsRehash(hash));
    }

    [Fact]
    public void Same_password_hashes_differently_each_time()
    {
        Assert.NotEqual(Passwords.Hash("Correct-password-1"), Passwords.Hash("Correct-password-1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text")]
    [InlineData("pbkdf2-sha512$x$AAAA$AAAA")]
    [InlineData("bcrypt$10$AAAA$AAAA")]
    [InlineData("pbkdf2-sha512$1000$not base64$AAAA")]
    public void Verify_refuses_malformed_hashes(string stored)
    {
        Assert.False(Passwords.Verify("anything-at-all", stored));
    }

    [Fact]
    public void Lower_work_factor_hashes_still_verify_but_ask_for_a_rehash()
    {
        var salt = new byte[16];
        var weak = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(
            "Correct-password-1", salt, 1000, System.Security.Cryptography.HashAlgorithmName.SHA512, 32);
        var stored = $"pbkdf2-sha512$1000${Convert.ToBase64String(salt)}${Convert.ToBase64String(weak)}";

        Assert.True(Passwords.Verify("Correct-password-1", stored));
        Assert.True(Passwords.NeedsRehash(stored));
    }
}
