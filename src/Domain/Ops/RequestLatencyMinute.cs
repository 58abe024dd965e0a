namespace Scholar.Domain.Ops;

/// <summary>
/// Server-side request durations of one route template, one minute, one instance: an HdrHistogram
/// (microseconds) in its compressed encoding, so minutes and instances merge exactly.
/// </summary>
public sealed class RequestLatencyMinute
{
    public required string Route { get; init; }

    public DateTimeOffset Minute { get; init; }

    public required string InstanceId { get; init; }

    public long Count { get; set; }

    public required byte[] Histogram { get; set; }

    /// <summary>The UTC minute an instant falls in: the row key for its durations.</summary>
    public static DateTimeOffset MinuteOf(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
}
