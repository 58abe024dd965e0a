namespace Scholar.Application.Common.Idempotency;

/// <summary>One use of an Idempotency-Key: who used it where (scope), the key, and the request's fingerprint.</summary>
public sealed record IdempotencyRequest(string Scope, string Key, string RequestHash);

/// <summary>The answer given to the first request, replayed byte for byte to its retries.</summary>
public sealed record IdempotentResponse(int StatusCode, string ContentType, byte[] Body);

/// <summary>Proof that this request owns the key until it completes or releases it.</summary>
public sealed record IdempotencyClaim(IdempotencyRequest Request, Guid OwnerToken);

public enum IdempotencyClaimState
{
    /// <summary>This request owns the key and must now do the work.</summary>
    Claimed,

    /// <summary>The key was used with the same request and completed: replay its response.</summary>
    Completed,

    /// <summary>Another request with the same key is still being processed.</summary>
    InFlight,

    /// <summary>The key was used with a different request.</summary>
    Mismatch,
}

public sealed record IdempotencyClaimResult(IdempotencyClaimState State, IdempotencyClaim? Claim = null, IdempotentResponse? Response = null);

/// <summary>
/// Where keys live (PostgreSQL, so every instance sees them). Claims and releases commit on their
/// own; <see cref="CompleteAsync"/> joins the caller's open transaction, so the stored answer and
/// the business change commit together or not at all.
/// </summary>
public interface IIdempotencyStore
{
    Task<IdempotencyClaimResult> TryClaimAsync(IdempotencyRequest request, CancellationToken cancellationToken);

    /// <summary>Stores the answer; throws <see cref="ConflictException"/> if the claim was lost (lease expired and taken over).</summary>
    Task CompleteAsync(IdempotencyClaim claim, IdempotentResponse response, CancellationToken cancellationToken);

    /// <summary>Forgets an unfinished claim so the client may retry the key (after an unexpected failure).</summary>
    Task ReleaseAsync(IdempotencyClaim claim, CancellationToken cancellationToken);
}
