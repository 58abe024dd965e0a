using Microsoft.Extensions.Options;
using Scholar.Application.Abstractions;

namespace Scholar.Application.Common.Idempotency;

/// <summary>
/// IETF Idempotency-Key semantics for any operation: the first request with a key runs and its
/// answer is stored in the same transaction as its effect; a retry with the same request gets that
/// answer again; a different request with the key is refused (422). A retry that arrives while the
/// first is still running waits for it (bounded), then replays, and only answers 409 if it is still
/// running — see docs/decisions/0011.
/// </summary>
public sealed class IdempotentExecution(
    IIdempotencyStore store,
    ITransactionRunner transactions,
    IOptions<IdempotencyOptions> options,
    TimeProvider clock)
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(200);

    /// <param name="request">Scope, key and fingerprint of the incoming request.</param>
    /// <param name="operation">The work; runs inside a transaction that also stores its answer.</param>
    /// <param name="describeFailure">
    /// Turns an expected business failure (e.g. insufficient credits) into the answer to store and
    /// replay; return null for failures that must not be remembered (the key is then released).
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

        var claimed = await ClaimOrWaitAsync(request, cancellationToken);
        if (claimed.State == IdempotencyClaimState.Completed)
        {
            return (claimed.Response!, true);
        }

        var claim = claimed.Claim!;
        try
        {
            var response = await transactions.ExecuteAsync(
                async ct =>
                {
                    var answer = await operation(ct);
                    await store.CompleteAsync(claim, answer, ct);
                    return answer;
                },
                cancellationToken);
            return (response, false);
        }
        catch (Exception failure) when (!IsLostClaim(failure) && describeFailure(failure) is { } answer)
        {
            // The business transaction rolled back; remember the refusal on its own.
            await transactions.ExecuteAsync(
                async ct =>
                {
                    await store.CompleteAsync(claim, answer, ct);
                    return true;
                },
                CancellationToken.None);
            return (answer, false);
        }
        catch
        {
            await store.ReleaseAsync(claim, CancellationToken.None);
            throw;
        }
    }

    private static bool IsLostClaim(Exception failure) => failure is ConflictException { Code: IdempotencyProblems.InFlight };

    private async Task<IdempotencyClaimResult> ClaimOrWaitAsync(IdempotencyRequest request, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + options.Value.InFlightWait;
        var pause = FirstPoll;
        while (true)
        {
            var result = await store.TryClaimAsync(request, cancellationToken);
            switch (result.State)
            {
                case IdempotencyClaimState.Claimed or IdempotencyClaimState.Completed:
                    return result;
                case IdempotencyClaimState.Mismatch:
                    throw new UnprocessableException(
                        IdempotencyProblems.KeyReused,
                        "This Idempotency-Key was already used with a different request. Use a new key for a new request.");
            }

            if (clock.GetUtcNow() >= deadline)
            {
                throw new ConflictException(
                    IdempotencyProblems.InFlight,
                    "A request with this Idempotency-Key is still being processed. Retry it later with the same key.");
            }

            await Task.Delay(pause, clock, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPoll.Ticks));
        }
    }
}
