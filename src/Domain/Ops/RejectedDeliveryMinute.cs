namespace Scholar.Domain.Ops;

/// <summary>
/// How many deliveries on a hop were refused in one minute, and why (e.g. a Stripe webhook whose
/// signature did not verify). Counted, not stored one row each: a flood of unsigned posts grows this
/// table by one row a minute per reason and cannot slow the pages that read it.
/// </summary>
public sealed class RejectedDeliveryMinute
{
    public required string Hop { get; init; }

    /// <summary>The start of the minute (UTC).</summary>
    public DateTimeOffset Minute { get; init; }

    /// <summary>The problem type code the deliveries were answered with: <c>invalid-signature</c>, <c>invalid-event</c>, ….</summary>
    public required string Reason { get; init; }

    public int StatusCode { get; init; }

    public long Count { get; init; }
}
