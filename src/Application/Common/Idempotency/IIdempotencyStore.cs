namespace Scholar.Application.Common.Idempotency;

/// <summary>One use of an Idempotency-Key: who used it where (scope), the key, and the request's fingerprint.</summary>
public sealed record IdempotencyRequest(string Scope, string Key, string RequestHash);

/// <summary>The answer given to the first request, replayed byte for byte to its retries.</summary>
public sealed record IdempotentResponse(int StatusCode, string ContentType, byte[] Body);

/// <summary>Proof that this request's transaction holds the key: it completes it, or its rollback frees it.</summary>
public sealed record IdempotencyClaim(IdempotencyRequest Request, Guid OwnerToken);

public enum IdempotencyClaimState
{
    /// <summary>This request owns the key and must now do the work.</summary>
    Claimed,

    /// <summary>The key was used with the same request and completed: replay its response.</summary>
    Completed,

    /// <summary>Another request with the same key is still being processed (after the bounded wait).</summary>
    InFlight,

    /// <summary>The key was used with a different request.</summary>
    Mismatch,
}

public sealed record IdempotencyClaimResult(IdempotencyClaimState State, IdempotencyClaim? Claim = null, IdempotentResponse? Response = null);

/// <summary>
/// Where keys live (PostgreSQL, so every instance sees them). Both calls run inside the caller's
/// business transaction: the claim is its first statement and waits (bounded) for a request that holds
/// the key; the stored answer commits with the business change, and a rollback frees the key.
/// </summary>
public interface IIdempotencyStore
{
    Task<IdempotencyClaimResult> TryClaimAsync(IdempotencyRequest request, CancellationToken cancellationToken);

    /// <summary>Stores the answer in the transaction that claimed the key.</summary>
    Task CompleteAsync(IdempotencyClaim claim, IdempotentResponse response, CancellationToken cancellationToken);
}
