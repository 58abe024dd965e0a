using Scholar.Domain.Credits;

namespace Scholar.Application.Credits;

/// <summary>A ledger entry as the API shows it (contract: id, delta, kind, reason, balanceAfter, createdAt, source, sourceId).</summary>
public sealed record LedgerEntryView(
    Guid Id,
    long Delta,
    string Kind,
    string Reason,
    long BalanceAfter,
    DateTimeOffset CreatedAt,
    string Source,
    string? SourceId)
{
    public static LedgerEntryView From(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.Id, entry.Delta, entry.Kind.ToWireName(), entry.Reason, entry.BalanceAfter, entry.CreatedAt, entry.Source, entry.SourceId);
    }
}
