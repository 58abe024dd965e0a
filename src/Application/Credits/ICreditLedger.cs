using Scholar.Domain.Credits;

namespace Scholar.Application.Credits;

/// <summary>
/// A request to move a user's credits. <see cref="IdempotencyKey"/> is unique per account and
/// <see cref="SourceId"/>, when given, makes (source, source id, kind) unique: a payment's purchase
/// or a refund's reversal is recorded once however often it is asked for.
/// </summary>
public sealed record LedgerAppend(
    Guid UserId,
    LedgerEntryKind Kind,
    long Delta,
    string Reason,
    string Source,
    string? SourceId,
    string IdempotencyKey,
    string CreatedBy);

/// <param name="Entry">The recorded entry (the earlier one when <paramref name="Replayed"/>).</param>
/// <param name="Balance">The account's balance now.</param>
/// <param name="Replayed">True when the same append had already been recorded and nothing new was written.</param>
public sealed record LedgerAppendResult(LedgerEntry Entry, long Balance, bool Replayed);

/// <summary>
/// The one way any module moves credits. It works inside the CALLER's open transaction (it locks
/// the account row, creating the account on first use) and never saves or commits: the entry and the
/// balance become durable with the caller's own changes, or not at all. Consumption and adjustments
/// never overdraw (<c>insufficient-credits</c>); refunds, disputes and reversals are recorded in full.
/// </summary>
public interface ICreditLedger
{
    /// <exception cref="InvalidOperationException">No transaction is open.</exception>
    Task<LedgerAppendResult> AppendAsync(LedgerAppend request, CancellationToken cancellationToken);
}
