using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Notifications;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops;

/// <summary>Reads <c>webhook_attempts</c>, the outbox and the notifications for the delivery KPIs of DESIGN.md 8.1 (and the hop alerts).</summary>
public sealed class DeliveryKpiQuery(IAppDbContext db)
{
    /// <summary>The three hops of the money loop, in the order a purchase travels them.</summary>
    public static IReadOnlyList<string> Hops { get; } =
        [DeliveryAttempt.StripeToProviderRegister, DeliveryAttempt.ProviderRegisterToAutoComCenter, DeliveryAttempt.AutoComCenterToPostmark];

    private const int ReasonsShown = 5;

    public async Task<DeliveryKpis> ReadAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken ct)
    {
        // Aggregated by the database: a window with many attempts costs the page one row per hop and outcome.
        var attempts = await db.DeliveryAttempts.AsNoTracking()
            .Where(a => a.At >= since && a.At < until)
            .GroupBy(a => new { a.Hop, a.StatusCode, a.Error })
            .Select(g => new Attempts(g.Key.Hop, g.Key.StatusCode, g.Key.Error, g.Count()))
            .ToListAsync(ct);
        // Refused deliveries are counted per minute (a flood of unsigned posts is one row a minute).
        var fromMinute = RequestLatencyMinute.MinuteOf(since);
        var refused = await db.RejectedDeliveries.AsNoTracking()
            .Where(r => r.Minute >= fromMinute && r.Minute < until)
            .GroupBy(r => new { r.Hop, r.StatusCode, r.Reason })
            .Select(g => new { g.Key.Hop, g.Key.StatusCode, g.Key.Reason, Count = g.Sum(r => r.Count) })
            .ToListAsync(ct);
        attempts.AddRange(refused.Select(r => new Attempts(r.Hop, r.StatusCode, r.Reason, (int)Math.Min(r.Count, int.MaxValue))));

        var hops = Hops.Select(hop =>
        {
            var onHop = attempts.Where(a => a.Hop == hop).ToList();
            var total = onHop.Sum(a => a.Count);
            var successes = onHop.Where(a => a.StatusCode is >= 200 and < 300).Sum(a => a.Count);
            var failures = onHop.Where(a => a.StatusCode is not (>= 200 and < 300))
                .GroupBy(a => a.StatusCode is { } code ? $"HTTP {code}" + (a.Error is null ? "" : $": {Shorten(a.Error)}") : Shorten(a.Error ?? "no response"))
                .Select(g => new FailureReason(g.Key, g.Sum(a => a.Count)))
                .OrderByDescending(r => r.Count)
                .Take(ReasonsShown)
                .ToList();
            return new HopKpi(hop, total, successes, Rate(successes, total), failures);
        }).ToList();

        var receipts = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == NotificationRequest.OutboxKind && m.CreatedAt >= since && m.CreatedAt < until)
            .GroupBy(_ => 1)
            .Select(g => new { Due = g.Count(), Accepted = g.Count(m => m.Status == OutboxStatus.Sent) })
            .FirstOrDefaultAsync(ct);

        var notifications = db.Notifications.AsNoTracking().Where(n => n.CreatedAt >= since && n.CreatedAt < until);
        var byStatus = await notifications.GroupBy(n => n.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(NotificationStatus s) => byStatus.Where(x => x.Status == s).Sum(x => x.Count);
        var sent = await notifications.CountAsync(n => n.SentAt != null, ct);
        var spam = await db.NotificationEvents.AsNoTracking()
            .CountAsync(e => e.RecordType == "SpamComplaint" && e.ReceivedAt >= since && e.ReceivedAt < until, ct);
        var lastError = await notifications.Where(n => n.LastError != null).OrderByDescending(n => n.CreatedAt).Select(n => n.LastError).FirstOrDefaultAsync(ct);

        return new DeliveryKpis(
            hops,
            new ReceiptKpi(receipts?.Due ?? 0, receipts?.Accepted ?? 0, Rate(receipts?.Accepted ?? 0, receipts?.Due ?? 0)),
            new DeliverabilityKpi(sent, Count(NotificationStatus.Delivered), Count(NotificationStatus.Bounced), spam,
                Count(NotificationStatus.Failed), lastError));
    }

    /// <summary>Every recorded attempt with one of these delivery keys, oldest first.</summary>
    public async Task<IReadOnlyList<AttemptView>> AttemptsAsync(IReadOnlyCollection<string> keys, CancellationToken ct) =>
        await db.DeliveryAttempts.AsNoTracking()
            .Where(a => keys.Contains(a.Key))
            .OrderBy(a => a.At)
            .Select(a => new AttemptView(a.Hop, a.Direction, a.Key, a.StatusCode, a.Outcome, a.DurationMs, a.Error, a.At))
            .ToListAsync(ct);

    private sealed record Attempts(string Hop, int? StatusCode, string? Error, int Count);

    private static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;
}
