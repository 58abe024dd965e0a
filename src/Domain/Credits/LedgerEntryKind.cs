namespace Scholar.Domain.Credits;

// TEMPORARY (payments branch): replaced by the credits module at merge.
public enum LedgerEntryKind
{
    Purchase,
    Consumption,
    Refund,
    Dispute,
    Adjustment,
    Grant,
    Reversal,
}
