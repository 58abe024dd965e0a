using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Scholar.Application.Common;
using Scholar.Domain.Credits;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Ops.Telemetry;

/// <summary>
/// Counts the ledger's movements on the business meters (<see cref="ScholarMeters"/>) once they are
/// durable: entries added by a save are remembered per context and counted when their transaction
/// commits (or at once for a save outside a transaction); a rolled-back or retried unit counts nothing.
/// Purchases fulfilled are the purchase entries.
/// </summary>
public sealed class LedgerMeters : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public static readonly LedgerMeters Instance = new();

    private readonly ConditionalWeakTable<DbContext, List<(LedgerEntryKind Kind, long Delta)>> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        RecordUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        RecordUnlessInTransaction(eventData.Context);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>A new transaction starts clean: whatever an abandoned one captured (disposed without a rollback call) is void.</summary>
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Discard(eventData.Context);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Record(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Discard(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    private void Capture(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        // Kind, delta and the Added state are set when an entry is added: no pass over the unit for changes is needed.
        var added = TrackedEntries.WithoutDetectingChanges<LedgerEntry>(context).Where(e => e.State == EntityState.Added).Select(e => (e.Entity.Kind, e.Entity.Delta)).ToList();
        if (added.Count > 0)
        {
            _pending.GetOrCreateValue(context).AddRange(added);
        }
    }

    private void RecordUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Record(context);
        }
    }

    private void Record(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var entries))
        {
            return;
        }

        foreach (var (kind, delta) in entries)
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

        Discard(context);
    }

    private void Discard(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}
