using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops.GetKpis;

public sealed record GetKpisQuery(string? Window);

public sealed record WindowView(string Name, string Label, DateTimeOffset Since, DateTimeOffset Until);

public sealed record LatencyKpis(double TargetP95Ms, IReadOnlyList<LatencyPercentiles> Routes, IReadOnlyList<LatencyPercentiles> Groups);

/// <summary>
/// Time to first dollar of one validation run: from its start to the first payment reaching
/// fulfilled (live payments for a live run, sandbox payments for a sandbox run, labelled).
/// </summary>
public sealed record TimeToFirstDollar(Guid RunId, bool Sandbox, string Label, DateTimeOffset RunStartedAt, Guid? PaymentId,
    DateTimeOffset? FulfilledAt, double? Seconds);

public sealed record KpiReport(WindowView Window, TimeToFirstDollar? Tff, LatencyKpis Latency, IReadOnlyList<HopKpi> Hops,
    ReceiptKpi Receipts, DeliverabilityKpi Deliverability);

/// <summary>The KPI figures of DESIGN.md 8.1 for one window, computed from live data.</summary>
public sealed class GetKpisHandler(IAppDbContext db, IRequestLatencyReader latency, DeliveryKpiQuery delivery, TimeProvider clock)
{
    public const double LatencyTargetMs = 120;

    public async Task<KpiReport> HandleAsync(GetKpisQuery query, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var window = await KpiWindow.ResolveAsync(query.Window, db, now, ct);
        // Minutes are whole: the first partial minute of the window is included, and the current one.
        var percentiles = await latency.ReadAsync(RequestLatencyMinute.MinuteOf(window.Since), RequestLatencyMinute.MinuteOf(window.Until).AddMinutes(1), ct);
        var deliveries = await delivery.ReadAsync(window.Since, window.Until, ct);
        return new KpiReport(
            new WindowView(window.Name, window.Label, window.Since, window.Until),
            await TffAsync(window.Run, now, ct),
            new LatencyKpis(LatencyTargetMs, percentiles.Routes, percentiles.Groups),
            deliveries.Hops,
            deliveries.Receipts,
            deliveries.Deliverability);
    }

    /// <summary>For the window's run, or else the latest run.</summary>
    private async Task<TimeToFirstDollar?> TffAsync(ValidationRun? run, DateTimeOffset now, CancellationToken ct)
    {
        run ??= await db.ValidationRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
        if (run is null)
        {
            return null;
        }

        var end = run.IsActive(now) ? now : run.EffectiveEnd;
        var first = await db.Payments.AsNoTracking()
            .Where(p => p.FulfilledAt != null && p.FulfilledAt >= run.StartedAt && p.FulfilledAt <= end)
            .Where(p => run.Sandbox ? p.Sandbox : p.Livemode)
            .OrderBy(p => p.FulfilledAt)
            .Select(p => new { p.Id, p.FulfilledAt })
            .FirstOrDefaultAsync(ct);
        var label = run.Sandbox ? "sandbox run (no real money)" : "live run";
        return new TimeToFirstDollar(run.Id, run.Sandbox, label, run.StartedAt, first?.Id, first?.FulfilledAt,
            first?.FulfilledAt is { } at ? (at - run.StartedAt).TotalSeconds : null);
    }
}
