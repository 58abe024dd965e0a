using Scholar.Application.Abstractions;

namespace Scholar.Application.Common.Idempotency;

/// <summary>
/// IETF Idempotency-Key semantics for any operation: the first request with a key runs and its
/// answer is stored in the same transaction as its effect, which also holds the key's claim; a retry
/// with the same request gets that answer again; a different request with the key is refused (422).
/// A retry that arrives while the first is still running waits for its transaction (bounded), then
/// replays, and only answers 409 if it is still running — see docs/decisions/0011.
/// </summary>
public sealed class IdempotentExecution(IIdempotencyStore store, ITransactionRunner transactions)
{
    /// <param name="request">Scope, key and fingerprint of the incoming request.</param>
    /// <param name="operation">The work; runs inside a transaction that also claims the key and stores its answer.</param>
    /// <param name="describeFailure">
    /// Turns an expected business failure (e.g. insufficient credits) into the answer to store and
    /// replay; return null for failures that must not be remembered (the key stays free).
    /// </param>
    /// <param name="cancellationToken">Cancels waiting and the work; a stored answer is never half-written.</param>
    /// <returns>The answer and whether it is a replay.</returns>
    public async Task<(IdempotentResponse Response, bool Replayed)> ExecuteAsync(
        IdempotencyRequest request,
        Func<CancellationToken, Task<IdempotentResponse>> operation,
        Func<Exception, IdempotentResponse?> describeFailure,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(describeFailure);
        try
        {
            return await transactions.ExecuteAsync(ct => ClaimAndRunAsync(request, operation, ct), cancellationToken);
        }
        catch (Exception failure) when (!IsInFlight(failure) && describeFailure(failure) is { } answer)
        {
            // The business transaction rolled back with its claim; the refusal is remembered on its own
            // (or, if another request with the key completed meanwhile, its answer is replayed).
            return await transactions.ExecuteAsync(ct => ClaimAndRunAsync(request, _ => Task.FromResult(answer), ct), CancellationToken.None);
        }
    }

    private async Task<(IdempotentResponse Response, bool Replayed)> ClaimAndRunAsync(
        IdempotencyRequest request, Func<CancellationToken, Task<IdempotentResponse>> operation, CancellationToken ct)
    {
        var claimed = await store.TryClaimAsync(request, ct);
        switch (claimed.State)
        {
            case IdempotencyClaimState.Completed:
                return (claimed.Response!, true);
            case IdempotencyClaimState.Mismatch:
                throw new UnprocessableException(
                    IdempotencyProblems.KeyReused,
                    "This Idempotency-Key was already used with a different request. Use a new key for a new request.");
            case IdempotencyClaimState.InFlight:
                throw new ConflictException(
                    IdempotencyProblems.InFlight,
                    "A request with this Idempotency-Key is still being processed. Retry it later with the same key.");
        }

        var answer = await operation(ct);
        await store.CompleteAsync(claimed.Claim!, answer, ct);
        return (answer, false);
    }

    private static bool IsInFlight(Exception failure) => failure is ConflictException { Code: IdempotencyProblems.InFlight };
}
