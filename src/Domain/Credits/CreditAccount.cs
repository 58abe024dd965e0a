using Scholar.Domain.Common;

namespace Scholar.Domain.Credits;

/// <summary>
/// A user's credits. The balance is the sum of the account's ledger entries and is kept here too,
/// changed only by <see cref="Append"/> in the same transaction as the entry it records.
/// </summary>
public sealed class CreditAccount
{
    private CreditAccount()
    {
    }

    public CreditAccount(Guid userId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        UserId = userId;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public long Balance { get; private set; }

    /// <summary>Number of entries appended; also the optimistic-concurrency token of the row.</summary>
    public long Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// Records a movement of credits and moves the balance with it. Consumption and adjustments never
    /// take the balance below zero; refunds, disputes and reversals are recorded in full and may.
    /// Credits added (purchase, grant, positive adjustment) are always recorded, even onto a negative balance.
    /// </summary>
    public LedgerEntry Append(LedgerEntryDraft draft, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        Guard(draft);

        long balanceAfter;
        try
        {
            balanceAfter = checked(Balance + draft.Delta);
        }
        catch (OverflowException)
        {
            throw new DomainException("balance-overflow", "The balance cannot hold that many credits.");
        }

        // Only taking credits away can overdraw; credits added to a negative balance always land.
        if (draft.Delta < 0 && balanceAfter < 0 && !draft.Kind.MayOverdraw())
        {
            throw new DomainException(
                "insufficient-credits",
                $"The balance is {Balance} credits; {-draft.Delta} cannot be taken from it.");
        }

        var entry = new LedgerEntry(this, draft, balanceAfter, now);
        Balance = balanceAfter;
        Version++;
        UpdatedAt = now;
        return entry;
    }

    private static void Guard(LedgerEntryDraft draft)
    {
        if (!Enum.IsDefined(draft.Kind))
        {
            throw new DomainException("invalid-ledger-entry", "The entry kind is unknown.");
        }

        if (draft.Delta is 0 or > LedgerEntry.MaxDelta or < -LedgerEntry.MaxDelta)
        {
            throw new DomainException(
                "invalid-ledger-entry",
                $"An entry moves between 1 and {LedgerEntry.MaxDelta} credits.");
        }

        var sign = draft.Kind.RequiredSign();
        if (sign != 0 && Math.Sign(draft.Delta) != sign)
        {
            throw new DomainException(
                "invalid-ledger-entry",
                $"A {draft.Kind.ToWireName()} entry must be {(sign > 0 ? "positive" : "negative")}.");
        }

        Require(draft.Reason, LedgerEntry.MaxReasonLength, "reason");
        Require(draft.Source, LedgerEntry.MaxSourceLength, "source");
        Require(draft.IdempotencyKey, LedgerEntry.MaxIdempotencyKeyLength, "idempotency key");
        Require(draft.RequestHash, 64, "request hash");
        Require(draft.CreatedBy, LedgerEntry.MaxCreatedByLength, "author");
        if (draft.SourceId is { } sourceId && (sourceId.Length == 0 || sourceId.Length > LedgerEntry.MaxSourceIdLength))
        {
            throw new DomainException("invalid-ledger-entry", $"The source id is empty or longer than {LedgerEntry.MaxSourceIdLength} characters.");
        }
    }

    private static void Require(string? value, int maxLength, string name)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
        {
            throw new DomainException("invalid-ledger-entry", $"The entry's {name} is empty or longer than {maxLength} characters.");
        }
    }
}
