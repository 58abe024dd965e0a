using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Scholar.Infrastructure.Auth.KeyRing;

/// <summary>
/// The key that protects the Data Protection key ring at rest (ADR 0035): AES-256-GCM under a key
/// derived with HKDF-SHA256 from <c>SESSION_SECRET</c>. <c>SESSION_SECRET_PREVIOUS</c> still decrypts
/// during a rotation. Each encrypted key names the secret it was written with by a short keyed id,
/// so a wrong secret is reported as such instead of as corrupt data.
/// </summary>
public sealed class SessionSecretKeyRing
{
    public const string SecretName = "SESSION_SECRET";
    public const string PreviousSecretName = "SESSION_SECRET_PREVIOUS";

    private static readonly byte[] Info = Encoding.UTF8.GetBytes("scholar/data-protection/key-ring/v1");
    private static readonly byte[] IdLabel = Encoding.UTF8.GetBytes("scholar/data-protection/key-ring/id");

    private readonly byte[]? _current;
    private readonly byte[]? _previous;

    public SessionSecretKeyRing(IConfiguration configuration)
    {
        _current = Derive(configuration[SecretName]);
        _previous = Derive(configuration[PreviousSecretName]);
    }

    public bool HasSecret => _current is not null;

    public static string MissingSecretMessage =>
        $"{SecretName} is not set: it encrypts the Data Protection key ring (login and console cookies) at rest. Set it on every Web and console process.";

    public (string SecretId, byte[] Sealed) Seal(byte[] plaintext)
    {
        var key = _current ?? throw new InvalidOperationException(MissingSecretMessage);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var cipher = new byte[plaintext.Length];
        using (var aes = new AesGcm(key, tag.Length))
        {
            aes.Encrypt(nonce, plaintext, cipher, tag);
        }

        return (IdOf(key), [.. nonce, .. tag, .. cipher]);
    }

    public byte[] Open(string secretId, byte[] sealedBytes)
    {
        var key = new[] { _current, _previous }.FirstOrDefault(k => k is not null && IdOf(k) == secretId)
            ?? throw new CryptographicException(
                $"The Data Protection key ring was encrypted with another {SecretName} (secret id {secretId}): set the {SecretName} it was written with " +
                $"(or that one as {PreviousSecretName} during a rotation), or revoke those keys (docs/security.md).");
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        var plaintext = new byte[sealedBytes.Length - nonceSize - tagSize];
        using var aes = new AesGcm(key, tagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, nonceSize), sealedBytes.AsSpan(nonceSize + tagSize), sealedBytes.AsSpan(nonceSize, tagSize), plaintext);
        return plaintext;
    }

    private static byte[]? Derive(string? secret) =>
        string.IsNullOrEmpty(secret) ? null : HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: Info);

    private static string IdOf(byte[] key) => Convert.ToHexStringLower(HMACSHA256.HashData(key, IdLabel).AsSpan(0, 8));
}

/// <summary>Writes each new Data Protection key encrypted (no plain <c>masterKey</c> reaches PostgreSQL).</summary>
public sealed class SessionSecretXmlEncryptor(SessionSecretKeyRing keyRing) : IXmlEncryptor
{
    internal static readonly XNamespace Namespace = "urn:scholar:data-protection:session-secret";
    internal const string SecretIdAttribute = "secretId";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var (secretId, sealedBytes) = keyRing.Seal(Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)));
        var element = new XElement(Namespace + "encryptedKey",
            new XAttribute(SecretIdAttribute, secretId),
            new XComment(" Encrypted with a key derived from SESSION_SECRET (ADR 0035). "),
            new XElement(Namespace + "value", Convert.ToBase64String(sealedBytes)));
        return new EncryptedXmlInfo(element, typeof(SessionSecretXmlDecryptor));
    }
}

/// <summary>Created by Data Protection from the type name stored beside each encrypted key.</summary>
public sealed class SessionSecretXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var keyRing = services.GetRequiredService<SessionSecretKeyRing>();
        var secretId = (string?)encryptedElement.Attribute(SessionSecretXmlEncryptor.SecretIdAttribute) ?? "";
        var sealedBytes = Convert.FromBase64String((string?)encryptedElement.Element(SessionSecretXmlEncryptor.Namespace + "value") ?? "");
        return XElement.Parse(Encoding.UTF8.GetString(keyRing.Open(secretId, sealedBytes)));
    }
}

/// <summary>
/// Start-up check: outside Development the secret must be set, and every live key of the ring must
/// decrypt with it; otherwise start-up stops with a message naming the setting (never its value).
/// An unreachable database is left to <c>/readyz</c>.
/// </summary>
public sealed class KeyRingStartupCheck(
    SessionSecretKeyRing keyRing, IKeyManager keys, IHostEnvironment environment, TimeProvider clock, ILogger<KeyRingStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!keyRing.HasSecret && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(SessionSecretKeyRing.MissingSecretMessage);
        }

        IReadOnlyCollection<IKey> all;
        try
        {
            all = keys.GetAllKeys();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException { InnerException: DbException })
        {
            logger.LogWarning("The Data Protection key ring could not be read at start-up ({Error}); /readyz reports the database.", e.Message);
            return Task.CompletedTask;
        }

        foreach (var key in all.Where(k => !k.IsRevoked && k.ExpirationDate > clock.GetUtcNow()))
        {
            try
            {
                _ = key.Descriptor;
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException(e.Message, e);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
