namespace Scholar.Application.Abstractions;

/// <summary>
/// Measures the deliveries an app answers (the Stripe hop's success rate). Accepted deliveries are
/// recorded one row each; refused ones are only counted per minute and reason, so a flood of unsigned
/// posts cannot grow the database. Never throws: losing a measurement must not fail a delivery.
/// <c>startedTimestamp</c> is a <see cref="System.Diagnostics.Stopwatch"/> timestamp taken when the delivery arrived.
/// </summary>
public interface IInboundDeliveryLog
{
    Task RecordAsync(string hop, string key, int statusCode, string outcome, long startedTimestamp, string? failure);

    Task CountRejectedAsync(string hop, string reason, int statusCode);
}
