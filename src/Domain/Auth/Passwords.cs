using System.Security.Cryptography;

namespace Scholar.Domain.Auth;

/// <summary>
/// PBKDF2-SHA512 password hashes, stored as <c>pbkdf2-sha512$iterations$salt$hash</c> so the work
/// factor can rise later without invalidating existing hashes.
/// </summary>
public static class Passwords
{
    public const int Iterations = 210_000;
    public const int MinLength = 10;
    public const int MaxLength = 128;

    private const string Scheme = "pbkdf2-sha512";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // Verified against when the account does not exist, so the answer takes as long either way.
    private static readonly Lazy<string> Dummy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA512, HashBytes);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Constant-time check of <paramref name="password"/> against a stored hash.</summary>
    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations) || iterations < 1)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the same work as a real verification and always fails.</summary>
    public static bool VerifyNothing(string password)
    {
        Verify(password, Dummy.Value);
        return false;
    }

    public static bool NeedsRehash(string stored) => !stored.StartsWith($"{Scheme}${Iterations}$", StringComparison.Ordinal);
}
