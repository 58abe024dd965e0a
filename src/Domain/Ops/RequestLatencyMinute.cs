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
}
