using System.Security.Cryptography;
using System.Text;

namespace Scholar.Domain.Auth;

/// <summary>
/// A single-use password reset. Only the SHA-256 of the secret is kept; the secret itself travels
/// once, in the email. It dies when used, when it expires, and when the password changes in any
/// other way (it remembers the user's security stamp at issue).
/// </summary>
public sealed class PasswordResetToken
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(60);

    private PasswordResetToken()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>Lowercase hex SHA-256 of the secret.</summary>
    public string TokenHash { get; private set; } = "";

    public Guid SecurityStamp { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    /// <summary>Creates a token for <paramref name="user"/>; returns it with the secret to mail.</summary>
    public static (PasswordResetToken Token, string Secret) Issue(User user, DateTimeOffset now)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new PasswordResetToken
        {
            Id = Guid.CreateVersion7(now),
            UserId = user.Id,
            TokenHash = HashOf(secret),
            SecurityStamp = user.SecurityStamp,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        return (token, secret);
    }

    public static string HashOf(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool IsUsableBy(User user, DateTimeOffset now) =>
        UsedAt is null && now < ExpiresAt && UserId == user.Id && SecurityStamp == user.SecurityStamp;

    internal void MarkUsed(DateTimeOffset now) => UsedAt = now;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
