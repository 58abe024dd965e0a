namespace Scholar.Infrastructure.Idempotency;

/// <summary>
/// A row of <c>idempotency_keys</c>. Mapped for the migration and for inspection; the store reads
/// and writes it with SQL so claims are single atomic statements.
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

    public required string State { get; init; }

    /// <summary>Which claim may complete the row; a takeover after a dead owner's lease changes it.</summary>
    public Guid OwnerToken { get; init; }

    public DateTimeOffset? LockedUntil { get; init; }

    public int? ResponseStatus { get; init; }

    public string? ResponseContentType { get; init; }

    public byte[]? ResponseBody { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}
