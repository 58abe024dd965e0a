using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Scholar.Application.Common;
using Scholar.Application.Common.Idempotency;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Idempotency;

/// <summary>
/// Idempotency keys in PostgreSQL, shared by every instance. Claims and releases use their own
/// connection and commit at once, so other requests see them even while the caller's business
/// transaction is open; completion runs on the context's connection inside that transaction.
/// Lease and expiry are compared with the database clock, the one clock all instances share.
/// </summary>
public sealed class PostgresIdempotencyStore(NpgsqlDataSource dataSource, AppDbContext db, IOptions<IdempotencyOptions> options)
    : IIdempotencyStore
{
    // Takes the key when it is new, expired, or held by a claim whose lease ran out (its owner died
    // before committing anything, because the answer commits with the effect).
    private const string ClaimSql =
        """
        INSERT INTO idempotency_keys AS k
            (scope, key, request_hash, state, owner_token, locked_until, created_at, expires_at)
        VALUES ($1, $2, $3, 'in_flight', $4, now() + $5, now(), now() + $6)
        ON CONFLICT (scope, key) DO UPDATE
        SET request_hash = EXCLUDED.request_hash, state = 'in_flight', owner_token = EXCLUDED.owner_token,
            locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
            response_status = NULL, response_content_type = NULL, response_body = NULL
        WHERE k.expires_at <= now()
           OR (k.state = 'in_flight' AND k.locked_until <= now() AND k.request_hash = EXCLUDED.request_hash)
        RETURNING k.owner_token
        """;

    /// <summary>
    /// A claim is committed without waiting for its WAL flush. Losing it in a crash is harmless: the
    /// answer and the effect commit later, synchronously, and WAL is flushed in order, so whenever they
    /// are durable the claim is too; if they never committed, a lost claim just lets the retry run.
    /// </summary>
    private const string AsynchronousCommit = "SELECT set_config('synchronous_commit', 'off', true)";

    private const string ReadSql =
        """
        SELECT request_hash, state, response_status, response_content_type, response_body
        FROM idempotency_keys WHERE scope = $1 AND key = $2
        """;

    public async Task<IdempotencyClaimResult> TryClaimAsync(IdempotencyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = Guid.NewGuid();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                // The batch is one implicit transaction; see AsynchronousCommit for why the claim need not wait for fsync.
                new NpgsqlBatchCommand(AsynchronousCommit),
                new NpgsqlBatchCommand(ClaimSql)
                {
                    Parameters =
                    {
                        new() { Value = request.Scope },
                        new() { Value = request.Key },
                        new() { Value = request.RequestHash },
                        new() { Value = token },
                        new() { Value = options.Value.Lease },
                        new() { Value = options.Value.Retention },
                    },
                },
                new NpgsqlBatchCommand(ReadSql) { Parameters = { new() { Value = request.Scope }, new() { Value = request.Key } } },
            },
        };

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken) && reader.GetGuid(0) == token)
        {
            return new IdempotencyClaimResult(IdempotencyClaimState.Claimed, new IdempotencyClaim(request, token));
        }

        await reader.NextResultAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            // Released between the two statements; the caller tries again.
            return new IdempotencyClaimResult(IdempotencyClaimState.InFlight);
        }

        if (reader.GetString(0) != request.RequestHash)
        {
            return new IdempotencyClaimResult(IdempotencyClaimState.Mismatch);
        }

        if (reader.GetString(1) != IdempotencyRecord.Completed)
        {
            return new IdempotencyClaimResult(IdempotencyClaimState.InFlight);
        }

        var response = new IdempotentResponse(reader.GetInt32(2), reader.GetString(3), reader.GetFieldValue<byte[]>(4));
        return new IdempotencyClaimResult(IdempotencyClaimState.Completed, Response: response);
    }

    /// <summary>
    /// Stages the answer and saves the unit's pending changes with it, so the business change and its
    /// answer go to PostgreSQL in one batch, inside the caller's transaction: the completion is the last
    /// step of an idempotent unit. The update holds only while this claim owns the row (state and owner
    /// token are its concurrency tokens); if a takeover changed them, nothing of the unit is kept.
    /// </summary>
    public async Task CompleteAsync(IdempotencyClaim claim, IdempotentResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(response);
        var record = IdempotencyRecord.Claimed(claim.Request.Scope, claim.Request.Key, claim.Request.RequestHash, claim.OwnerToken);
        var entry = db.IdempotencyKeys.Attach(record);
        record.Complete(response.StatusCode, response.ContentType, response.Body);
        // Null before and after in this stub, but the claim set it: clear it in the row too.
        entry.Property(r => r.LockedUntil).IsModified = true;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException lost) when (lost.Entries.Any(e => ReferenceEquals(e.Entity, record)))
        {
            throw new ConflictException(
                IdempotencyProblems.InFlight,
                "This request took too long and another request with the same Idempotency-Key took over. Retry it with the same key.");
        }
    }

    public async Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var command = dataSource.CreateCommand(
            "DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND owner_token = $3 AND state = 'in_flight'");
        command.Parameters.Add(new() { Value = claim.Request.Scope });
        command.Parameters.Add(new() { Value = claim.Request.Key });
        command.Parameters.Add(new() { Value = claim.OwnerToken });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
