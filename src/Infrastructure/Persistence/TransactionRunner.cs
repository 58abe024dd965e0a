using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Scholar.Application.Abstractions;

namespace Scholar.Infrastructure.Persistence;

/// <summary>
/// Retries the whole use case (not single statements) when PostgreSQL aborts it for a serialization
/// failure or a deadlock, when an optimistic version check fails, or when an insert lost a race to its
/// own twin (a unique index of <see cref="RetryableUniqueIndexes"/>): those transactions did nothing,
/// and running them again against the new state (where <see cref="IsRerun"/> tells the work to look
/// for the earlier row first) is the correct answer.
/// </summary>
public sealed class TransactionRunner(AppDbContext db, ILogger<TransactionRunner> logger) : ITransactionRunner
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Which run of the unit is in progress: 1 for the first, more after a transient conflict; 0 when
    /// no transaction of this runner is open (the caller began its own, or none).
    /// </summary>
    private int attempt;

    public bool IsRerun => attempt != 1;

    /// <summary>
    /// Unique indexes whose violation means "this fact was written by a twin that committed first":
    /// the ledger's idempotency key and (source, source id, kind). A rerun of the unit finds and replays
    /// the earlier row. Only indexes whose writers look for the earlier row on a rerun belong here.
    /// </summary>
    public static readonly IReadOnlySet<string> RetryableUniqueIndexes = new HashSet<string>(StringComparer.Ordinal)
    {
        "ix_ledger_entries_account_id_idempotency_key",
        "ix_ledger_entries_source_source_id_kind",
    };

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (db.Database.CurrentTransaction is not null)
        {
            return await work(cancellationToken);
        }

        for (var run = 1; ; run++)
        {
            try
            {
                return await RunOnceAsync(work, run, cancellationToken);
            }
            catch (Exception exception) when (run < MaxAttempts && IsTransientConflict(exception))
            {
                logger.LogInformation("Transaction attempt {Attempt} hit a concurrency conflict ({Reason}); retrying", run, exception.GetType().Name);
                // Jitter so the transactions that collided do not collide again in step.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * run)), cancellationToken);
            }
        }
    }

    private async Task<T> RunOnceAsync<T>(Func<CancellationToken, Task<T>> work, int run, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        attempt = run;
        // A failure anywhere reruns the whole unit, never a part of it, so the savepoint EF would wrap each
        // SaveChanges in (SAVEPOINT and RELEASE: two round trips while row locks are held) has no use.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            var result = await work(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            // Once the commit is sent it must not be abandoned half-way by a cancelled request.
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }
        catch
        {
            // The transaction rolls back on dispose; tracked changes from it are void.
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
            attempt = 0;
        }
    }

    public static bool IsTransientConflict(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbUpdateConcurrencyException
                || e is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }
                || e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: { } index }
                    && RetryableUniqueIndexes.Contains(index))
            {
                return true;
            }
        }

        return false;
    }
}
