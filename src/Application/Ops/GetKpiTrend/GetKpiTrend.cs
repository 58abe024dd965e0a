using Scholar.Application.Abstractions;
using Scholar.Application.Ops.GetKpis;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops.GetKpiTrend;

public sealed record GetKpiTrendQuery(string? Window, int Buckets = 12);

/// <summary>One slice of the window: the P95 of each latency group and the success rate of each hop in it.</summary>
public sealed record KpiTrendPoint(DateTimeOffset Since, DateTimeOffset Until, IReadOnlyDictionary<string, double?> P95Ms, IReadOnlyDictionary<string, double?> HopSuccess);

public sealed record KpiTrend(WindowView Window, double TargetP95Ms, IReadOnlyList<KpiTrendPoint> Points);

/// <summary>
/// The KPIs of <see cref="GetKpisHandler"/> over time: the window cut into equal slices, each read
/// through the same latency and delivery readers (merged histograms, attempt counts), never averaged.
/// </summary>
public sealed class GetKpiTrendHandler(IAppDbContext db, IRequestLatencyReader latency, DeliveryKpiQuery delivery, TimeProvider clock)
{
    public async Task<KpiTrend> HandleAsync(GetKpiTrendQuery query, CancellationToken ct)
    {
        var window = await KpiWindow.ResolveAsync(query.Window, db, clock.GetUtcNow(), ct);
        var buckets = Math.Clamp(query.Buckets, 2, 48);
        var step = (window.Until - window.Since) / buckets;
        var points = new List<KpiTrendPoint>(buckets);
        for (var i = 0; i < buckets; i++)
        {
            var since = window.Since + (step * i);
            var until = i == buckets - 1 ? window.Until : since + step;
            // Whole minutes, as GetKpis reads them: the last slice includes the current minute.
            var lastMinute = RequestLatencyMinute.MinuteOf(until).AddMinutes(i == buckets - 1 ? 1 : 0);
            var percentiles = await latency.ReadAsync(RequestLatencyMinute.MinuteOf(since), lastMinute, ct);
            var deliveries = await delivery.ReadAsync(since, until, ct);
            points.Add(new KpiTrendPoint(since, until,
                percentiles.Groups.ToDictionary(g => g.Name, g => g.Count == 0 ? (double?)null : g.P95Ms),
                deliveries.Hops.ToDictionary(h => h.Hop, h => h.SuccessRate)));
        }

        return new KpiTrend(new WindowView(window.Name, window.Label, window.Since, window.Until), GetKpisHandler.LatencyTargetMs, points);
    }
}
