using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Ops.GetGates;
using Scholar.Application.Payments.WebhookVersions;
using Scholar.Domain.Notifications;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops.Alerts;

/// <summary>Where alerts go (<c>OPS_ALERT_EMAILS</c>, <c>OPS_ALERT_WEBHOOK_URL</c>, <c>OPS_ALERT_SMS_TO</c>); the webhook's URL stays with its adapter.</summary>
/// <param name="Emails">Addresses sent the <c>ops_alert</c> email through <c>/api/send</c>.</param>
/// <param name="Webhook">Whether a Slack-compatible webhook is configured.</param>
/// <param name="SmsTo">The number texted through <c>/api/send</c> with <c>channel: "sms"</c>, when Twilio is configured.</param>
public sealed record AlertTargets(IReadOnlyList<string> Emails, bool Webhook, string? SmsTo);

/// <summary>What one evaluation did; <see cref="Skipped"/> when another instance held the evaluator's lock.</summary>
public sealed record AlertEvaluation(bool Skipped, int Holding, int Fired, int Resolved);

/// <summary>
/// Looks at the system's state, opens an alert for each condition that holds and has no open alert,
/// counts the ones still holding, and resolves the ones that cleared. Each alert that fires or clears
/// is queued in the same transaction for every configured target, so each delivery is retried from the
/// outbox. One instance at a time: the transaction takes an advisory lock first and an instance that
/// cannot have it skips the round, so the partial unique index on open alerts is a backstop only.
/// </summary>
public sealed class EvaluateAlertsHandler(
    IAppDbContext db,
    ITransactionRunner transactions,
    GetGatesHandler gates,
    DeliveryKpiQuery deliveries,
    WebhookVersionsHandler webhookVersions,
    INotificationOutbox notifications,
    AlertTargets targets,
    TimeProvider clock)
{
    public const string TemplateName = "ops_alert";

    /// <summary>The outbox kind of a Slack-compatible post to <c>OPS_ALERT_WEBHOOK_URL</c>.</summary>
    public const string WebhookOutboxKind = "ops_alert.webhook";

    public static readonly TimeSpan HopWindow = TimeSpan.FromMinutes(15);
    public const int HopMinAttempts = 5;
    public const double HopMinSuccessRate = 0.95;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The advisory lock's name (hashed by PostgreSQL to the lock key).</summary>
    public const string LockName = "scholar.ops_alerts.evaluate";

    public Task<AlertEvaluation> HandleAsync(CancellationToken ct) => transactions.ExecuteAsync(EvaluateAsync, ct);

    private async Task<AlertEvaluation> EvaluateAsync(CancellationToken ct)
    {
        var locked = await db.Database
            .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtextextended({LockName}, 0)) AS \"Value\"")
            .SingleAsync(ct);
        if (!locked)
        {
            return new AlertEvaluation(true, 0, 0, 0);
        }

        var now = clock.GetUtcNow();
        var conditions = await ConditionsAsync(now, ct);
        var open = await db.OpsAlerts.Where(a => a.ResolvedAt == null).ToListAsync(ct);
        int fired = 0, resolved = 0;
        foreach (var condition in conditions)
        {
            if (open.FirstOrDefault(a => a.ConditionKey == condition.Key) is { } alert)
            {
                alert.Recur(condition, now);
                continue;
            }

            var opened = OpsAlert.Open(condition, now);
            db.OpsAlerts.Add(opened);
            Notify(opened, "fired", now);
            fired++;
        }

        foreach (var alert in open.Where(a => conditions.All(c => c.Key != a.ConditionKey)))
        {
            alert.Resolve(now);
            Notify(alert, "resolved", now);
            resolved++;
        }

        return new AlertEvaluation(false, conditions.Count, fired, resolved);
    }

    /// <summary>Every alert condition that holds now.</summary>
    private async Task<List<AlertCondition>> ConditionsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var conditions = new List<AlertCondition>();

        var report = await gates.EvaluateAsync(ct);
        if (report.Verdict is not Verdict.Go)
        {
            // One alert per verdict: a move from HOLD to NO-GO resolves the first and fires the second.
            var verdict = GatesResult.VerdictName(report.Verdict);
            var failing = string.Join("; ", report.Gates.Where(g => g.Status is not GateStatus.Pass).Select(g => $"gate {g.Id} {g.Title}: {g.Status.ToString().ToLowerInvariant()}"));
            conditions.Add(new AlertCondition(OpsAlert.VerdictChanged, $"{OpsAlert.VerdictChanged}:{verdict}",
                report.Verdict is Verdict.NoGo ? AlertCondition.Critical : AlertCondition.Warning,
                $"The go/no-go verdict is {verdict}", failing));
        }

        var kpis = await deliveries.ReadAsync(now - HopWindow, now, ct);
        foreach (var hop in kpis.Hops.Where(h => h.Attempts >= HopMinAttempts && h.SuccessRate < HopMinSuccessRate))
        {
            var reasons = string.Join("; ", hop.Failures.Select(f => $"{f.Reason} ×{f.Count}"));
            conditions.Add(new AlertCondition(OpsAlert.HopDegraded, $"{OpsAlert.HopDegraded}:{hop.Hop}", AlertCondition.Critical,
                $"Hop {hop.Hop} is at {hop.SuccessRate:P0} success over 15 min",
                $"{hop.Successes} of {hop.Attempts} attempts succeeded. {reasons}"));
        }

        var deadOutbox = await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Dead, ct);
        var failedNotifications = await db.Notifications.CountAsync(n => n.Status == NotificationStatus.Failed, ct);
        if (deadOutbox + failedNotifications > 0)
        {
            conditions.Add(AlertCondition.Of(OpsAlert.DeadLetter, AlertCondition.Warning,
                $"{deadOutbox + failedNotifications} message(s) are dead-lettered",
                $"{deadOutbox} outbox message(s) and {failedNotifications} notification(s) gave up; retry them on the Dead letters page."));
        }

        if (await db.EmailSendingHalts.AsNoTracking().FirstOrDefaultAsync(h => h.Halted, ct) is { } halt)
        {
            conditions.Add(AlertCondition.Of(OpsAlert.EmailHalted, AlertCondition.Critical,
                "Email sending is halted", $"Since {Stamp(halt.Since)}: {halt.Reason}. Fix the provider credentials, then resume on the Email sending page."));
        }

        var probe = await db.ProbeResults.AsNoTracking().Where(p => p.Probe == ProbeResult.LedgerProbe).OrderByDescending(p => p.At).FirstOrDefaultAsync(ct);
        if (probe is { Succeeded: false })
        {
            conditions.Add(AlertCondition.Of(OpsAlert.LedgerProbeFailed, AlertCondition.Critical,
                "The ledger probe failed", $"At {Stamp(probe.At)} on {probe.InstanceId}: {probe.Error}"));
        }

        var keyCheck = await db.StripeKeyChecks.AsNoTracking().OrderByDescending(c => c.CheckedAt).FirstOrDefaultAsync(ct);
        if (keyCheck is { Succeeded: false })
        {
            conditions.Add(AlertCondition.Of(OpsAlert.StripeKeyFailed, AlertCondition.Critical,
                $"The Stripe key check failed ({keyCheck.KeyKind})", $"At {Stamp(keyCheck.CheckedAt)}: {keyCheck.Error}"));
        }

        if (await webhookVersions.MismatchAsync(ct) is { } mismatch)
        {
            conditions.Add(AlertCondition.Of(OpsAlert.WebhookVersionMismatch, AlertCondition.Warning,
                "Stripe sends webhooks in an API version Scholar does not pin",
                $"Pinned {mismatch.Pinned}; seen {string.Join(", ", mismatch.Seen)}."));
        }

        return conditions;
    }

    /// <summary>Queues the alert's news for every target; keys are per alert, state and target, so a rerun queues nothing twice.</summary>
    private void Notify(OpsAlert alert, string state, DateTimeOffset now)
    {
        var data = new Dictionary<string, string>
        {
            ["state"] = state,
            ["severity"] = alert.Severity,
            ["title"] = alert.Title,
            ["detail"] = string.IsNullOrEmpty(alert.Detail) ? "-" : alert.Detail,
            ["kind"] = alert.Kind,
        };
        var key = $"{TemplateName}:{alert.Id}:{state}";
        foreach (var email in targets.Emails)
        {
            notifications.Enqueue(new NotificationRequest(TemplateName, email, data, $"{key}:email:{email}"));
        }

        if (targets.SmsTo is { } phone)
        {
            notifications.Enqueue(new NotificationRequest(TemplateName, phone, data, $"{key}:sms", NotificationRequest.Sms));
        }

        if (targets.Webhook)
        {
            var text = $"Scholar alert {state} ({alert.Severity}, {alert.Kind}): {alert.Title}. {alert.Detail}";
            db.OutboxMessages.Add(OutboxMessage.Queue(WebhookOutboxKind, JsonSerializer.Serialize(new { text }, Json), $"{WebhookOutboxKind}:{alert.Id}:{state}", now, Activity.Current?.Id));
        }
    }

    private static string Stamp(DateTimeOffset? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "?";
}
