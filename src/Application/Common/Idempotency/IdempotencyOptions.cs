namespace Scholar.Application.Common.Idempotency;

public sealed class IdempotencyOptions
{
    /// <summary>How long a completed answer is replayed; the contract asks for at least 24 h.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a duplicate waits for the first request to finish before answering 409.</summary>
    public TimeSpan InFlightWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest Idempotency-Key accepted.</summary>
    public const int MaxKeyLength = 255;
}
