using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;

namespace Scholar.Infrastructure.Auth.Keys;

/// <summary>
/// Reads RSA private keys from a setting that holds PEM text or path(s) to PEM files. Messages name
/// the setting, never its value.
/// </summary>
public static partial class PemKeys
{
    /// <summary>Written above generated development keys; Production refuses any key carrying it.</summary>
    public const string DevelopmentMarker = "# scholar-development-key: never use outside Development";

    public const int MinimumKeySize = 2048;

    public static IReadOnlyList<RsaSecurityKey> Load(string value, string settingName, bool refuseDevelopmentKeys)
    {
        var text = value.Contains("-----BEGIN", StringComparison.Ordinal)
            ? value.Replace("\\n", "\n", StringComparison.Ordinal)
            : ReadFiles(value, settingName);

        if (refuseDevelopmentKeys && text.Contains(DevelopmentMarker, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{settingName} holds a development key; generate a real key for this environment.");
        }

        var keys = new List<RsaSecurityKey>();
        foreach (Match block in PemBlock().Matches(text))
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(block.Value);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                rsa.Dispose();
                throw new InvalidOperationException($"{settingName} contains a PEM block that is not an RSA private key.");
            }

            if (rsa.KeySize < MinimumKeySize)
            {
                rsa.Dispose();
                throw new InvalidOperationException($"{settingName} holds an RSA key shorter than {MinimumKeySize} bits.");
            }

            keys.Add(WithKeyId(rsa));
        }

        return keys.Count > 0
            ? keys
            : throw new InvalidOperationException($"{settingName} holds no PEM RSA private key (expected PEM text or a path to a PEM file).");
    }

    public static string Generate()
    {
        using var rsa = RSA.Create(MinimumKeySize);
        return $"{DevelopmentMarker}\n{rsa.ExportPkcs8PrivateKeyPem()}\n";
    }

    /// <summary>The key id is the RFC 7638 thumbprint, so it is stable across restarts and instances.</summary>
    private static RsaSecurityKey WithKeyId(RSA rsa)
    {
        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }

    private static string ReadFiles(string value, string settingName)
    {
        var paths = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var missing = paths.Where(p => !File.Exists(p)).ToList();
        return missing.Count == 0
            ? string.Join('\n', paths.Select(File.ReadAllText))
            : throw new InvalidOperationException($"{settingName} is neither PEM text nor a path to a readable PEM file.");
    }

    [GeneratedRegex("-----BEGIN (RSA )?PRIVATE KEY-----.*?-----END (RSA )?PRIVATE KEY-----", RegexOptions.Singleline)]
    private static partial Regex PemBlock();
}
