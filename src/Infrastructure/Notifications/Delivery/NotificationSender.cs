using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Scholar.Application.Abstractions;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Ops.Telemetry;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Notifications.Delivery;

/// <summary>
/// Sends queued <c>notifications</c> through the <see cref="IEmailSender"/>: suppressed recipients
/// are not attempted; transient failures retry with backoff; refused credentials halt sending (an
/// alert in the log) instead of burning every message's attempts.
/// </summary>
public sealed class NotificationSender(
    IServiceScopeFactory scopes,
    NpgsqlDataSource dataSource,
    IOptions<NotificationSettings> settings,
    ILogger<NotificationSender> logger)
    : ClaimLoop(scopes, dataSource, settings, logger)
{
    public const string NotifyChannel = "scholar_notifications";

    private volatile string? _haltReason;

    protected override string Channel => NotifyChannel;

    /// <summary>Why sending is stopped (e.g. Postmark refused the server token), or null while running.</summary>
    public string? HaltReason => _haltReason;

    /// <summary>Lets sending continue after an operator fixed the credentials.</summary>
    public void Resume() => _haltReason = null;

    protected override bool CanDispatch => _haltReason is null;

    protected override async Task<int> DispatchBatchAsync(IServiceProvider services, AppDbContext db, CancellationToken cancellationToken)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var backoff = services.GetRequiredService<RetryBackoff>();
        var templates = services.GetRequiredService<INotificationTemplates>();
        var sender = services.GetRequiredService<IEmailSender>();

        var now = clock.GetUtcNow();
        // One message per transaction: the provider call cannot be rolled back, so a crash between it
        // and the commit repeats only the one message in flight (bench/faults.sh run c), not a batch.
        var batch = await db.Notifications
            .FromSql($"""
                SELECT * FROM notifications
                WHERE status = 'Queued' AND next_attempt_at <= {now}
                ORDER BY next_attempt_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        var addresses = batch.Select(n => SuppressedRecipient.Normalise(n.To)).Distinct().ToList();
        var suppressed = await db.SuppressedRecipients.Where(s => addresses.Contains(s.Address)).ToDictionaryAsync(s => s.Address, cancellationToken);

        foreach (var notification in batch)
        {
            var address = SuppressedRecipient.Normalise(notification.To);
            if (suppressed.TryGetValue(address, out var entry))
            {
                notification.Suppress($"Recipient is suppressed ({entry.Reason}).");
                continue;
            }

            // The send joins the trace of the /api/send request that queued it (and so the purchase's).
            using var span = ScholarTracing.Continue("email send " + notification.Template, notification.TraceParent);
            var rendered = templates.Render(notification.Template, notification.Data);
            var message = new EmailMessage(notification.To, rendered.Subject, rendered.HtmlBody, rendered.TextBody, notification.Template, notification.Id);
            var started = Stopwatch.GetTimestamp();
            var result = await sender.SendAsync(message, cancellationToken);
            var at = clock.GetUtcNow();
            var outcome = Apply(notification, result, at, backoff);
            if (result.Outcome is EmailSendOutcome.SuppressRecipient)
            {
                var added = new SuppressedRecipient { Address = address, Reason = result.Error ?? "Inactive recipient", SuppressedAt = at };
                db.SuppressedRecipients.Add(added);
                suppressed[address] = added;
            }

            if (sender.Hop is { } hop)
            {
                db.WebhookAttempts.Add(WebhookAttempt.Outbound(hop, notification.Id.ToString(), result.StatusCode, outcome, started, result.Error, at));
            }

            if (result.Outcome is EmailSendOutcome.Halt)
            {
                _haltReason = result.Error;
                logger.LogCritical("Email sending halted: {Reason}. Fix the provider credentials, then resume or restart.", result.Error);
                break;
            }
        }

        return _haltReason is null ? batch.Count : 0;
    }

    private static string Apply(Notification notification, EmailSendResult result, DateTimeOffset now, RetryBackoff backoff)
    {
        switch (result.Outcome)
        {
            case EmailSendOutcome.Sent:
                notification.MarkSent(result.ProviderMessageId, now);
                return "success";
            case EmailSendOutcome.Retry:
                notification.RecordFailedAttempt(result.Error ?? "Transient failure", now + backoff.DelayAfter(notification.Attempts + 1), backoff.MaxAttempts);
                return notification.Status == NotificationStatus.Failed ? "dead" : "retry";
            case EmailSendOutcome.SuppressRecipient:
                notification.Suppress(result.Error ?? "Inactive recipient");
                return "suppressed";
            case EmailSendOutcome.Halt:
                // The message did nothing wrong: it stays queued for when sending resumes.
                return "halted";
            default:
                notification.Fail(result.Error ?? "Refused by the provider");
                return "dead";
        }
    }
}
