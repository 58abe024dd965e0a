using Scholar.Application.Abstractions;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops.GetKpis;

public sealed record GetKpisQuery(string? Window);

public sealed record WindowView(string Name, string Label, DateTimeOffset Since, DateTimeOffset Until);

public sealed record LatencyKpis(double TargetP95Ms, IReadOnlyList<LatencyPercentiles> Routes, IReadOnlyList<LatencyPercentiles> Groups);

public sealed record KpiReport(WindowView Window, LatencyKpis Latency);

/// <summary>The KPI figures of DESIGN.md 8.1 for one window, computed from live data.</summary>
public sealed class GetKpisHandler(IAppDbContext db, IRequestLatencyReader latency, TimeProvider clock)
{
    public const double LatencyTargetMs = 120;

    public async Task<KpiReport> HandleAsync(GetKpisQuery query, CancellationToken ct)
    {
        var window = await KpiWindow.ResolveAsync(query.Window, db, clock.GetUtcNow(), ct);
        // Minutes are whole: the first partial minute of the window is included, and the current one.
        var report = await latency.ReadAsync(RequestLatencyMinute.MinuteOf(window.Since), RequestLatencyMinute.MinuteOf(window.Until).AddMinutes(1), ct);
        return new KpiReport(
            new WindowView(window.Name, window.Label, window.Since, window.Until),
            new LatencyKpis(LatencyTargetMs, report.Routes, report.Groups));
    }
}
