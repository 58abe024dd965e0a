namespace Scholar.Application.Ops;

/// <summary>Percentiles of server-side request durations, merged across instances and minutes.</summary>
public sealed record LatencyPercentiles(string Name, long Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs);

public sealed record LatencyReport(IReadOnlyList<LatencyPercentiles> Routes, IReadOnlyList<LatencyPercentiles> Groups);

/// <summary>Reads the per-minute histograms of <c>request_latency</c> and merges them (never averages).</summary>
public interface IRequestLatencyReader
{
    /// <summary>Minutes from <paramref name="since"/> (included) to <paramref name="until"/> (excluded).</summary>
    Task<LatencyReport> ReadAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken ct);
}
