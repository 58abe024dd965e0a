using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using Scholar.Application.Common;
using Scholar.Application.Common.Idempotency;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Idempotency;

/// <summary>
/// Idempotency keys in PostgreSQL, shared by every instance. The claim is the first statement of the
/// caller's business transaction: its row commits with the effect and the stored answer, or not at all,
/// so a request that dies leaves no claim behind. A second request with the key waits on the first one's
/// uncommitted row (PostgreSQL's unique index makes it), bounded by <see cref="IdempotencyOptions.InFlightWait"/>
/// through <c>lock_timeout</c>, then sees the answer it committed, or takes the key if it rolled back.
/// Expiry is compared with the database clock, the one clock all instances share. See docs/decisions/0011.
/// </summary>
public sealed class PostgresIdempotencyStore(AppDbContext db, IOptions<IdempotencyOptions> options) : IIdempotencyStore
{
    // Takes the key when it is new or expired (or left in flight by a version of Scholar that committed
    // claims on their own, once its lease ran out); the row is the caller's until its transaction ends.
    private const string ClaimSql =
        """
        INSERT INTO idempotency_keys AS k
            (scope, key, request_hash, state, owner_token, locked_until, created_at, expires_at)
        VALUES ($1, $2, $3, 'in_flight', $4, NULL, now(), now() + $5)
        ON CONFLICT (scope, key) DO UPDATE
        SET request_hash = EXCLUDED.request_hash, state = 'in_flight', owner_token = EXCLUDED.owner_token,
            locked_until = NULL, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
            response_status = NULL, response_content_type = NULL, response_body = NULL
        WHERE k.expires_at <= now()
           OR (k.state = 'in_flight' AND k.locked_until <= now() AND k.request_hash = EXCLUDED.request_hash)
        RETURNING k.owner_token
        """;

    private const string ReadSql =
        """
        SELECT request_hash, state, response_status, response_content_type, response_body
        FROM idempotency_keys WHERE scope = $1 AND key = $2
        """;

    public async Task<IdempotencyClaimResult> TryClaimAsync(IdempotencyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("IIdempotencyStore.TryClaimAsync must run inside the business transaction (ITransactionRunner).");
        var token = Guid.NewGuid();
        var wait = ((long)Math.Ceiling(options.Value.InFlightWait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction)
        {
            BatchCommands =
            {
                // Only the claim waits at most InFlightWait for an unfinished first request; later statements wait as usual.
                new NpgsqlBatchCommand("SELECT set_config('lock_timeout', $1, true)") { Parameters = { new() { Value = wait } } },
                new NpgsqlBatchCommand(ClaimSql)
                {
                    Parameters =
                    {
                        new() { Value = request.Scope },
                        new() { Value = request.Key },
                        new() { Value = request.RequestHash },
                        new() { Value = token },
                        new() { Value = options.Value.Retention },
                    },
                },
                new NpgsqlBatchCommand("SET LOCAL lock_timeout TO DEFAULT"),
                new NpgsqlBatchCommand(ReadSql) { Parameters = { new() { Value = request.Scope }, new() { Value = request.Key } } },
            },
        };

        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken); // past set_config
            if (await reader.ReadAsync(cancellationToken) && reader.GetGuid(0) == token)
            {
                return new IdempotencyClaimResult(IdempotencyClaimState.Claimed, new IdempotencyClaim(request, token));
            }

            await reader.NextResultAsync(cancellationToken); // past SET LOCAL, which returns no rows
            if (!await reader.ReadAsync(cancellationToken))
            {
                // Purged between the two statements: the caller's retry finds the key free.
                return new IdempotencyClaimResult(IdempotencyClaimState.InFlight);
            }

            if (reader.GetString(0) != request.RequestHash)
            {
                return new IdempotencyClaimResult(IdempotencyClaimState.Mismatch);
            }

            if (reader.GetString(1) != IdempotencyRecord.Completed)
            {
                // Only a claim committed by an older version of Scholar, whose lease has not run out, is seen in flight.
                return new IdempotencyClaimResult(IdempotencyClaimState.InFlight);
            }

            var response = new IdempotentResponse(reader.GetInt32(2), reader.GetString(3), reader.GetFieldValue<byte[]>(4));
            return new IdempotencyClaimResult(IdempotencyClaimState.Completed, Response: response);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            // The first request still holds the key after the bounded wait; this transaction is aborted and rolls back.
            return new IdempotencyClaimResult(IdempotencyClaimState.InFlight);
        }
    }

    /// <summary>
    /// Stages the answer and saves the unit's pending changes with it, so the business change and its
    /// answer go to PostgreSQL in one batch, inside the transaction that claimed the key: the completion
    /// is the last step of an idempotent unit.
    /// </summary>
    public async Task CompleteAsync(IdempotencyClaim claim, IdempotentResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(response);
        var record = IdempotencyRecord.Claimed(claim.Request.Scope, claim.Request.Key, claim.Request.RequestHash, claim.OwnerToken);
        db.IdempotencyKeys.Attach(record);
        record.Complete(response.StatusCode, response.ContentType, response.Body);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException lost) when (lost.Entries.Any(e => ReferenceEquals(e.Entity, record)))
        {
            // The row is this transaction's own since the claim, so this only happens when the claim was not made in it.
            throw new ConflictException(
                IdempotencyProblems.InFlight,
                "Another request with the same Idempotency-Key holds it. Retry it with the same key.");
        }
    }
}
