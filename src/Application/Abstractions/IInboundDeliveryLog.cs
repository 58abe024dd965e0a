namespace Scholar.Application.Abstractions;

/// <summary>
/// Measures the deliveries an app answers (the Stripe hop's success rate). Accepted deliveries are
/// recorded one row each; refused ones are only counted per minute and reason, so a flood of unsigned
/// posts cannot grow the database. Never throws: losing a measurement must not fail a delivery.
/// <c>startedTimestamp</c> is a <see cref="System.Diagnostics.Stopwatch"/> timestamp taken when the delivery arrived.
/// </summary>
public interface IInboundDeliveryLog
{
    /// <summary>Records a delivery on its own, after its transaction rolled back (or when there was none).</summary>
    Task RecordAsync(string hop, string key, int statusCode, string outcome, long startedTimestamp, string? failure);

    /// <summary>
    /// Records an answered delivery in the caller's open unit of work, so it is written by the same batch
    /// and commit as the delivery's effect; its duration ends here, just before that commit.
    /// </summary>
    void RecordInUnit(string hop, string key, int statusCode, string outcome, long startedTimestamp);

    Task CountRejectedAsync(string hop, string reason, int statusCode);
}
