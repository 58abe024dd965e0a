namespace Scholar.Domain.Credits;

/// <summary>
/// One immutable movement of credits. Created only by <see cref="CreditAccount.Append"/>, never
/// updated or deleted (the database refuses it too); a mistake is corrected by a new entry.
/// </summary>
public sealed class LedgerEntry
{
    /// <summary>The largest credit movement one entry may carry; anything larger is a mistake.</summary>
    public const long MaxDelta = 1_000_000_000;

    public const int MaxReasonLength = 500;
    public const int MaxSourceLength = 64;
    public const int MaxSourceIdLength = 200;
    public const int MaxIdempotencyKeyLength = 400;
    public const int MaxCreatedByLength = 200;

    private LedgerEntry()
    {
    }

    internal LedgerEntry(CreditAccount account, LedgerEntryDraft draft, long balanceAfter, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        AccountId = account.Id;
        Kind = draft.Kind;
        Delta = draft.Delta;
        Reason = draft.Reason;
        Source = draft.Source;
        SourceId = draft.SourceId;
        IdempotencyKey = draft.IdempotencyKey;
        RequestHash = draft.RequestHash;
        BalanceAfter = balanceAfter;
        CreatedBy = draft.CreatedBy;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    /// <summary>Position in the ledger; strictly increasing per account because appends hold the account's row lock.</summary>
    public long Sequence { get; private set; }

    public Guid AccountId { get; private set; }

    public LedgerEntryKind Kind { get; private set; }

    public long Delta { get; private set; }

    public string Reason { get; private set; } = "";

    /// <summary>The module or actor that caused the entry (<c>payments</c>, <c>api</c>, <c>operator</c>, …).</summary>
    public string Source { get; private set; } = "";

    /// <summary>The business object in <see cref="Source"/> (e.g. a payment id); one entry per (source, source id, kind).</summary>
    public string? SourceId { get; private set; }

    public string IdempotencyKey { get; private set; } = "";

    /// <summary>SHA-256 of what was asked, so a reused key with a different request is told apart from a retry.</summary>
    public string RequestHash { get; private set; } = "";

    public long BalanceAfter { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>What a caller asks to append; validated by <see cref="CreditAccount.Append"/>.</summary>
public sealed record LedgerEntryDraft(
    LedgerEntryKind Kind,
    long Delta,
    string Reason,
    string Source,
    string? SourceId,
    string IdempotencyKey,
    string RequestHash,
    string CreatedBy);
