using HdrHistogram;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Ops;
using Scholar.Domain.Ops;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Ops.Latency;

/// <summary>Merges the stored histograms of a window per route and per group, then reads percentiles.</summary>
public sealed class RequestLatencyReader(AppDbContext db) : IRequestLatencyReader
{
    public async Task<LatencyReport> ReadAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken ct)
    {
        var rows = await db.RequestLatency.AsNoTracking()
            .Where(r => r.Minute >= since && r.Minute < until)
            .Select(r => new { r.Route, r.Histogram })
            .ToListAsync(ct);

        var routes = new SortedDictionary<string, LongHistogram>(StringComparer.Ordinal);
        var groups = LatencyGroups.All.ToDictionary(g => g, _ => LatencyHistograms.Create());
        foreach (var row in rows)
        {
            var histogram = LatencyHistograms.Decode(row.Histogram);
            if (!routes.TryGetValue(row.Route, out var merged))
            {
                routes[row.Route] = merged = LatencyHistograms.Create();
            }

            merged.Add(histogram);
            if (LatencyGroups.GroupOf(row.Route) is { } group)
            {
                groups[group].Add(histogram);
            }
        }

        return new LatencyReport(
            routes.Select(kv => Percentiles(kv.Key, kv.Value)).ToList(),
            groups.Select(kv => Percentiles(kv.Key, kv.Value)).ToList());
    }

    private static LatencyPercentiles Percentiles(string name, HistogramBase h) => h.TotalCount == 0
        ? new LatencyPercentiles(name, 0, 0, 0, 0, 0)
        : new LatencyPercentiles(name, h.TotalCount,
            LatencyHistograms.Milliseconds(h.GetValueAtPercentile(50)),
            LatencyHistograms.Milliseconds(h.GetValueAtPercentile(95)),
            LatencyHistograms.Milliseconds(h.GetValueAtPercentile(99)),
            LatencyHistograms.Milliseconds(h.GetMaxValue()));
}
