using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Scholar.Infrastructure.Persistence;

/// <summary>
/// Acts on what a unit of work wrote once it is durable: <see cref="Capture"/> takes facts from the
/// entities a save writes, remembered per context, and <see cref="Committed"/> receives them when their
/// transaction commits (or at once for a save outside a transaction). A rolled-back, failed or abandoned
/// unit (a transaction disposed without a rollback call, then a new one started) hands over nothing.
/// </summary>
public abstract class AfterCommitInterceptor<T> : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<T>> _pending = [];

    /// <summary>The facts a save is about to write; read what an entity was added with (<see cref="TrackedEntries"/>).</summary>
    protected abstract IEnumerable<T> Capture(DbContext context);

    /// <summary>The facts of a unit that has just committed, in the order they were captured.</summary>
    protected abstract void Committed(IReadOnlyList<T> facts);

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        HandOverUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        HandOverUnlessInTransaction(eventData.Context);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>A new transaction starts clean: whatever an abandoned one captured is void.</summary>
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

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => HandOver(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        HandOver(eventData.Context);
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

    private void Remember(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        List<T>? facts = null;
        foreach (var fact in Capture(context))
        {
            (facts ??= _pending.GetOrCreateValue(context)).Add(fact);
        }
    }

    private void HandOverUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            HandOver(context);
        }
    }

    private void HandOver(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var facts))
        {
            return;
        }

        Discard(context);
        Committed(facts);
    }

    private void Discard(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}
