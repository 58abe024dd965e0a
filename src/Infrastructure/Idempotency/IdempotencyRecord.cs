namespace Scholar.Infrastructure.Idempotency;

/// <summary>
/// A row of <c>idempotency_keys</c>. The claim is a SQL statement of the store, the first of the
/// business transaction; completion goes through the change tracker, so the stored answer is written
/// in the same batch as the business change it answers for (<see cref="PostgresIdempotencyStore.CompleteAsync"/>).
/// </summary>
public sealed class IdempotencyRecord
{
    public const string InFlight = "in_flight";
    public const string Completed = "completed";

    /// <summary>Who used the key where: <c>user:{sub}</c> or <c>client:{id}</c>, then method and route template.</summary>
    public required string Scope { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 (hex) of the canonical request.</summary>
    public required string RequestHash { get; init; }

    /// <summary><see cref="InFlight"/> or <see cref="Completed"/>; with <see cref="OwnerToken"/>, the fence of a completion.</summary>
    public required string State { get; set; }

    /// <summary>Which claim may complete the row (with <see cref="State"/>, the completion's concurrency check).</summary>
    public Guid OwnerToken { get; init; }

    /// <summary>Null for claims made inside the business transaction; the lease of a claim an older version committed on its own.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public int? ResponseStatus { get; set; }

    public string? ResponseContentType { get; set; }

    public byte[]? ResponseBody { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The in-flight row as its claim left it: what a completion expects to find.</summary>
    public static IdempotencyRecord Claimed(string scope, string key, string requestHash, Guid ownerToken) => new()
    {
        Scope = scope,
        Key = key,
        RequestHash = requestHash,
        State = InFlight,
        OwnerToken = ownerToken,
    };

    /// <summary>Stores the answer; the key now replays it until it expires.</summary>
    public void Complete(int status, string contentType, byte[] body)
    {
        State = Completed;
        LockedUntil = null;
        ResponseStatus = status;
        ResponseContentType = contentType;
        ResponseBody = body;
    }
}
