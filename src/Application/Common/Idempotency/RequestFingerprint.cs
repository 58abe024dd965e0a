using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Scholar.Application.Common.Idempotency;

/// <summary>SHA-256 of what a request asked for, as lowercase hex: equal requests hash equally.</summary>
public static class RequestFingerprint
{
    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Hashes the bound request rather than the raw bytes, so whitespace and property order do not
    /// make a retry look like a different request.
    /// </summary>
    public static string OfJson<T>(T request) => Hex(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, Canonical)));

    /// <summary>Hashes ordered parts; each is length-prefixed so ("ab","c") and ("a","bc") differ.</summary>
    public static string OfParts(params ReadOnlySpan<string?> parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part is null ? "-1" : part.Length.ToString()).Append(':').Append(part).Append('|');
        }

        return Hex(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
