using System.Buffers.Binary;
using Scholar.Application.Common;

namespace Scholar.Application.Credits.GetLedger;

/// <summary>
/// Opaque keyset cursor: the ledger position of the last entry returned, base64url-encoded with a
/// version byte so the format can change without breaking clients that hold old cursors.
/// </summary>
public static class LedgerCursor
{
    private const byte Version = 1;

    public static string Encode(long sequence)
    {
        var bytes = new byte[9];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), sequence);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <exception cref="InputException">The cursor was not produced by <see cref="Encode"/>.</exception>
    public static long Decode(string cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[9];
        if (cursor.Length != 12
            || !Convert.TryFromBase64String(base64, bytes, out var written)
            || written != 9
            || bytes[0] != Version
            || BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1)) is var sequence && sequence <= 0)
        {
            throw new InputException("invalid-cursor", "The cursor is not valid.",
                new Dictionary<string, string[]> { ["cursor"] = ["Use the nextCursor value of a previous page, unchanged."] });
        }

        return sequence;
    }
}
