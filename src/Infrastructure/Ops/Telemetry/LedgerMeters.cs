using Microsoft.EntityFrameworkCore;
using Scholar.Application.Common;
using Scholar.Domain.Credits;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Ops.Telemetry;

/// <summary>
/// Counts the ledger's movements on the business meters (<see cref="ScholarMeters"/>) once they are
/// durable: entries added by a save are counted when their transaction commits (or at once for a save
/// outside a transaction); a rolled-back or retried unit counts nothing. Purchases fulfilled are the
/// purchase entries.
/// </summary>
public sealed class LedgerMeters : AfterCommitInterceptor<(LedgerEntryKind Kind, long Delta)>
{
    public static readonly LedgerMeters Instance = new();

    // Kind, delta and the Added state are set when an entry is added: no pass over the unit for changes is needed.
    protected override IEnumerable<(LedgerEntryKind Kind, long Delta)> Capture(DbContext context) =>
        TrackedEntries.WithoutDetectingChanges<LedgerEntry>(context).Where(e => e.State == EntityState.Added).Select(e => (e.Entity.Kind, e.Entity.Delta));

    protected override void Committed(IReadOnlyList<(LedgerEntryKind Kind, long Delta)> facts)
    {
        foreach (var (kind, delta) in facts)
        {
            var tag = new KeyValuePair<string, object?>("kind", kind.ToString().ToLowerInvariant());
            if (delta > 0)
            {
                ScholarMeters.CreditsGranted.Add(delta, tag);
            }
            else if (delta < 0)
            {
                ScholarMeters.CreditsConsumed.Add(-delta, tag);
            }

            if (kind == LedgerEntryKind.Purchase)
            {
                ScholarMeters.PurchasesFulfilled.Add(1);
            }
        }
    }
}
