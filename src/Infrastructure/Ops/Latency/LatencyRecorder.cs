using System.Collections.Concurrent;
using HdrHistogram;
using Scholar.Domain.Ops;

namespace Scholar.Infrastructure.Ops.Latency;

/// <summary>Receives the server-side duration of every request that matched an endpoint.</summary>
public interface IRequestDurationObserver
{
    void Record(string routeTemplate, TimeSpan duration, DateTimeOffset completedAt);
}

/// <summary>One route's durations in one minute, not yet flushed.</summary>
public sealed record PendingLatency(string Route, DateTimeOffset Minute, HistogramBase Histogram);

/// <summary>
/// In-memory histograms per route template per minute for this instance. <see cref="Drain"/> hands
/// over everything recorded so far (the flusher merges it into <c>request_latency</c>); recording
/// never blocks on the database.
/// </summary>
public sealed class LatencyRecorder(TimeProvider clock) : IRequestDurationObserver
{
    private readonly ConcurrentDictionary<(string Route, DateTimeOffset Minute), Bucket> _buckets = new();

    public void Record(string routeTemplate, TimeSpan duration, DateTimeOffset completedAt) =>
        Add(routeTemplate, RequestLatencyMinute.MinuteOf(completedAt), h => h.RecordValue(LatencyHistograms.Clamp((long)duration.TotalMicroseconds)));

    /// <summary>Puts back what a failed flush drained, so a database outage loses nothing.</summary>
    public void Restore(IEnumerable<PendingLatency> pending)
    {
        foreach (var p in pending)
        {
            Add(p.Route, p.Minute, h => h.Add(p.Histogram));
        }
    }

    /// <summary>Takes every non-empty histogram; buckets of past minutes are retired.</summary>
    public List<PendingLatency> Drain()
    {
        var current = RequestLatencyMinute.MinuteOf(clock.GetUtcNow());
        var drained = new List<PendingLatency>();
        foreach (var (key, bucket) in _buckets)
        {
            lock (bucket)
            {
                if (bucket.Histogram.TotalCount > 0)
                {
                    drained.Add(new PendingLatency(key.Route, key.Minute, bucket.Histogram.Copy()));
                    bucket.Histogram.Reset();
                }

                if (key.Minute < current)
                {
                    bucket.Retired = true;
                    _buckets.TryRemove(key, out _);
                }
            }
        }

        return drained;
    }

    private void Add(string route, DateTimeOffset minute, Action<LongHistogram> record)
    {
        while (true)
        {
            var bucket = _buckets.GetOrAdd((route, minute), _ => new Bucket());
            lock (bucket)
            {
                // A bucket retired by a concurrent drain is no longer in the map: take a fresh one.
                if (!bucket.Retired)
                {
                    record(bucket.Histogram);
                    return;
                }
            }
        }
    }

    private sealed class Bucket
    {
        public LongHistogram Histogram { get; } = LatencyHistograms.Create();

        public bool Retired { get; set; }
    }
}
