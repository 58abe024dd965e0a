namespace Scholar.Domain.Credits;

/// <summary>Why credits moved. Stored by name (lower case) so the ledger reads without a lookup table.</summary>
public enum LedgerEntryKind
{
    /// <summary>Credits bought with a payment (positive).</summary>
    Purchase,

    /// <summary>Credits spent by the student (negative; never overdraws).</summary>
    Consumption,

    /// <summary>A refunded payment taken back (negative; recorded in full, may overdraw).</summary>
    Refund,

    /// <summary>A disputed payment taken back (negative; recorded in full, may overdraw).</summary>
    Dispute,

    /// <summary>An operator's correction in either direction (never overdraws).</summary>
    Adjustment,

    /// <summary>Credits given by an operator or a service (positive).</summary>
    Grant,

    /// <summary>Undoes an earlier entry, e.g. a dispute won (either direction; recorded in full, may overdraw).</summary>
    Reversal,
}

public static class LedgerEntryKinds
{
    /// <summary>Reversal kinds record money that already moved, so they are recorded in full even below zero.</summary>
    public static bool MayOverdraw(this LedgerEntryKind kind) =>
        kind is LedgerEntryKind.Refund or LedgerEntryKind.Dispute or LedgerEntryKind.Reversal;

    /// <summary>The sign a delta of this kind must have: +1, -1, or 0 for either.</summary>
    public static int RequiredSign(this LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.Purchase or LedgerEntryKind.Grant => 1,
        LedgerEntryKind.Consumption or LedgerEntryKind.Refund or LedgerEntryKind.Dispute => -1,
        _ => 0,
    };

    /// <summary>The wire and database name: <c>purchase</c>, <c>consumption</c>, …</summary>
    public static string ToWireName(this LedgerEntryKind kind) => kind.ToString().ToLowerInvariant();

    public static bool TryParseWireName(string? value, out LedgerEntryKind kind)
    {
        kind = default;
        return value is not null
            && value.All(char.IsAsciiLetterLower)
            && Enum.TryParse(value, ignoreCase: true, out kind);
    }
}
