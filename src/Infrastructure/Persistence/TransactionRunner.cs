using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Scholar.Application.Abstractions;
using Scholar.Infrastructure.Credits;

namespace Scholar.Infrastructure.Persistence;

/// <summary>
/// Retries the whole use case (not single statements) when PostgreSQL aborts it for a serialization
/// failure or a deadlock, when an optimistic version check fails, or when a ledger append lost a race
/// to its own twin (a unique index of <see cref="PostgresCreditLedger.RetryableUniqueIndexes"/>): those
/// transactions did nothing, and running them again against the new state is the correct answer.
/// </summary>
public sealed class TransactionRunner(AppDbContext db, ILogger<TransactionRunner> logger) : ITransactionRunner
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Which run of the unit is in progress: 1 for the first, more after a transient conflict; 0 when
    /// no transaction of this runner is open (the caller began its own, or none).
    /// </summary>
    public int Attempt { get; private set; }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (db.Database.CurrentTransaction is not null)
        {
            return await work(cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(work, attempt, cancellationToken);
            }
            catch (Exception exception) when (attempt < MaxAttempts && IsTransientConflict(exception))
            {
                logger.LogInformation("Transaction attempt {Attempt} hit a concurrency conflict ({Reason}); retrying", attempt, exception.GetType().Name);
                // Jitter so the transactions that collided do not collide again in step.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
            }
        }
    }

    private async Task<T> RunOnceAsync<T>(Func<CancellationToken, Task<T>> work, int attempt, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Attempt = attempt;
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
            Attempt = 0;
        }
    }

    public static bool IsTransientConflict(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbUpdateConcurrencyException
                || e is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }
                || e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: { } index }
                    && PostgresCreditLedger.RetryableUniqueIndexes.Contains(index))
            {
                return true;
            }
        }

        return false;
    }
}
