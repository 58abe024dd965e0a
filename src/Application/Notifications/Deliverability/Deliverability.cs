using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Notifications.SendNotification;
using Scholar.Domain.Notifications;

namespace Scholar.Application.Notifications.Deliverability;

public sealed record InboxOutcome(string Inbox, Guid NotificationId, NotificationStatus Status, string? LastError);

public sealed record InboxTestRun(string RunId, DateTimeOffset StartedAt, IReadOnlyList<InboxOutcome> Inboxes);

public sealed record DeliverabilityReport(SenderDomainPosture? Domain, IReadOnlyList<InboxTestRun> InboxTests);

/// <summary>The sender domain's DNS posture and the recent inbox tests with each inbox's outcome.</summary>
public sealed class GetDeliverabilityHandler(IAppDbContext db, ISenderDomainCheck dns)
{
    private const int RecentRuns = 5;

    public async Task<DeliverabilityReport> HandleAsync(string? senderDomain, CancellationToken ct)
    {
        var posture = string.IsNullOrWhiteSpace(senderDomain) ? null : await dns.CheckAsync(senderDomain, ct);
        var rows = await (
                from t in db.InboxTestMessages.AsNoTracking()
                join n in db.Notifications.AsNoTracking() on t.NotificationId equals n.Id
                orderby t.StartedAt descending
                select new { t.RunId, t.StartedAt, t.Inbox, n.Id, n.Status, n.LastError })
            .Take(RecentRuns * 10)
            .ToListAsync(ct);
        var runs = rows
            .GroupBy(r => (r.RunId, r.StartedAt))
            .Take(RecentRuns)
            .Select(g => new InboxTestRun(g.Key.RunId, g.Key.StartedAt,
                [.. g.OrderBy(r => r.Inbox, StringComparer.Ordinal).Select(r => new InboxOutcome(r.Inbox, r.Id, r.Status, r.LastError))]))
            .ToList();
        return new DeliverabilityReport(posture, runs);
    }
}

public sealed record StartInboxTestResult(string RunId, IReadOnlyList<InboxOutcome> Inboxes);

/// <summary>
/// Sends <c>deliverability_test</c> to each configured test inbox in one transaction; the Postmark
/// webhooks then move each notification to delivered, bounced or suppressed.
/// </summary>
public sealed class StartInboxTestHandler(IAppDbContext db, SendNotificationHandler send, TimeProvider clock)
{
    public const string Template = "deliverability_test";

    public async Task<StartInboxTestResult> HandleAsync(IReadOnlyList<string> inboxes, CancellationToken ct)
    {
        if (inboxes.Count == 0)
        {
            throw new ConflictException("no-test-inboxes", "DELIVERABILITY_TEST_INBOXES is empty: set the inboxes to test.");
        }

        var now = clock.GetUtcNow();
        var runId = $"{now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var data = new Dictionary<string, string> { ["runId"] = runId };
        var outcomes = new List<InboxOutcome>();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var inbox in inboxes)
        {
            var sent = await send.HandleAsync(new SendNotificationCommand(Template, inbox, data, $"deliverability:{runId}:{inbox}"), ct);
            db.InboxTestMessages.Add(new InboxTestMessage { RunId = runId, Inbox = inbox, NotificationId = sent.Id, StartedAt = now });
            outcomes.Add(new InboxOutcome(inbox, sent.Id, sent.Status, null));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new StartInboxTestResult(runId, outcomes);
    }
}
