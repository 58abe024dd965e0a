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
/// Sends queued <c>notifications</c> through the <see cref="IEmailSender"/>, one message per pass, so
/// that each is sent exactly once or dead-lettered with a reason, across crashes and instances:
/// <list type="number">
/// <item>claim: the row is marked sending under a lease and committed before the provider is called;</item>
/// <item>attempt: the provider call, outside any transaction;</item>
/// <item>record: the outcome is written only by the claim's holder (same attempt number).</item>
/// </list>
/// A row still sending when its lease ends was left by a crash or a lost answer: whoever takes it over
/// asks the provider for it (by notification id) before sending again. Suppressed recipients are not
/// attempted; transient failures retry with backoff; refused credentials halt sending (an alert in the
/// log) instead of burning every message's attempts.
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

    /// <summary>Claims are committed before the call, so passes never share a message: one slow call holds up only its own.</summary>
    protected override int Workers => Settings.SendConcurrency;

    /// <summary>Why sending is stopped (e.g. Postmark refused the server token), or null while running.</summary>
    public string? HaltReason => _haltReason;

    /// <summary>Lets sending continue after an operator fixed the credentials.</summary>
    public void Resume() => _haltReason = null;

    public override async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        if (_haltReason is not null)
        {
            return 0;
        }

        await using var scope = Scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();

        var claim = await InTransactionAsync(db, () => ClaimAsync(db, clock.GetUtcNow(), cancellationToken), cancellationToken);
        if (claim is null)
        {
            return 0;
        }

        if (claim.Attempt == 0)
        {
            return 1;
        }

        // The claim is committed; what the sender adds from here (the local mailbox's row) commits
        // with the outcome, and the row is read again under lock rather than from the tracker.
        db.ChangeTracker.Clear();
        var sender = services.GetRequiredService<IEmailSender>();
        var started = Stopwatch.GetTimestamp();
        var (result, confirming) = await AttemptAsync(services, sender, claim, cancellationToken);
        await InTransactionAsync(db, () => RecordAsync(services, db, sender, claim, result, confirming, started, cancellationToken), cancellationToken);

        if (result.Outcome is EmailSendOutcome.Halt)
        {
            _haltReason = result.Error;
            logger.LogCritical("Email sending halted: {Reason}. Fix the provider credentials, then resume or restart.", result.Error);
            return 0;
        }

        return 1;
    }

    /// <summary>
    /// The earliest due row: queued and due, or sending with its lease run out. Attempt 0 means it was
    /// settled here (suppressed recipient) and needs no provider call.
    /// </summary>
    private async Task<Claim?> ClaimAsync(AppDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var notification = await db.Notifications
            .FromSql($"""
                SELECT * FROM notifications
                WHERE status IN ('Queued', 'Sending') AND next_attempt_at <= {now}
                ORDER BY next_attempt_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """)
            .SingleOrDefaultAsync(cancellationToken);
        if (notification is null)
        {
            return null;
        }

        var resumed = notification.Status is NotificationStatus.Sending;
        if (!resumed && await db.SuppressedRecipients.FindAsync([SuppressedRecipient.Normalise(notification.To)], cancellationToken) is { } entry)
        {
            notification.Suppress($"Recipient is suppressed ({entry.Reason}).");
            return new Claim(notification, 0, false);
        }

        return new Claim(notification, notification.BeginAttempt(now + Settings.SendingLease), resumed);
    }

    /// <summary>
    /// The provider call. A resumed attempt first asks whether the provider already has the message;
    /// <c>confirming</c> is true when the result is that question's answer, not a send's.
    /// </summary>
    private async Task<(EmailSendResult Result, bool Confirming)> AttemptAsync(
        IServiceProvider services, IEmailSender sender, Claim claim, CancellationToken cancellationToken)
    {
        var notification = claim.Notification;
        // The send joins the trace of the /api/send request that queued it (and so the purchase's).
        using var span = ScholarTracing.Continue("email send " + notification.Template, notification.TraceParent);
        if (claim.Resumed)
        {
            if (await sender.FindAcceptedAsync(notification.Id, cancellationToken) is { } known)
            {
                return (known, true);
            }

            if (claim.Attempt > Settings.MaxAttempts)
            {
                var reason = $"Gave up after {Settings.MaxAttempts} attempts without an answer; the provider has no record of it. Last error: {notification.LastError}";
                return (new EmailSendResult(EmailSendOutcome.DeadLetter, null, reason, null), false);
            }
        }

        var rendered = services.GetRequiredService<INotificationTemplates>().Render(notification.Template, notification.Data);
        var message = new EmailMessage(notification.To, rendered.Subject, rendered.HtmlBody, rendered.TextBody, notification.Template, notification.Id);
        return (await sender.SendAsync(message, cancellationToken), false);
    }

    private async Task RecordAsync(
        IServiceProvider services, AppDbContext db, IEmailSender sender, Claim claim, EmailSendResult result, bool confirming, long started, CancellationToken cancellationToken)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var notification = await db.Notifications
            .FromSql($"SELECT * FROM notifications WHERE id = {claim.Notification.Id} FOR UPDATE")
            .SingleAsync(cancellationToken);
        if (notification.Status is not NotificationStatus.Sending || notification.Attempts != claim.Attempt)
        {
            // Our lease ran out and another sender took the message over: it owns the outcome now.
            logger.LogWarning("Notification {Id}: attempt {Attempt} ended after another sender took it over; its outcome is not recorded.", notification.Id, claim.Attempt);
            db.ChangeTracker.Clear();
            return;
        }

        var outcome = Apply(notification, result, confirming, now, services.GetRequiredService<RetryBackoff>());
        if (result.Outcome is EmailSendOutcome.SuppressRecipient)
        {
            var address = SuppressedRecipient.Normalise(notification.To);
            if (await db.SuppressedRecipients.FindAsync([address], cancellationToken) is null)
            {
                db.SuppressedRecipients.Add(new SuppressedRecipient { Address = address, Reason = result.Error ?? "Inactive recipient", SuppressedAt = now });
            }
        }

        if (sender.Hop is { } hop)
        {
            db.WebhookAttempts.Add(WebhookAttempt.Outbound(hop, notification.Id.ToString(), result.StatusCode, outcome, started, result.Error, now));
        }
    }

    private string Apply(Notification notification, EmailSendResult result, bool confirming, DateTimeOffset now, RetryBackoff backoff)
    {
        var retryAt = now + backoff.DelayAfter(notification.Attempts);
        switch (result.Outcome)
        {
            case EmailSendOutcome.Sent:
                notification.MarkSent(result.ProviderMessageId, now);
                return "success";
            case EmailSendOutcome.Unknown:
                // Give the provider's search time to see the message before it is asked.
                notification.AwaitConfirmation(result.Error ?? "No answer", Max(retryAt, now + Settings.SendingLease));
                return "retry";
            // The provider could not say whether it has the message: ask again later, never resend blind.
            case EmailSendOutcome.Retry when confirming:
                notification.AwaitConfirmation(result.Error ?? "The provider could not be asked", retryAt);
                return "retry";
            case EmailSendOutcome.Halt when confirming:
                notification.AwaitConfirmation(result.Error ?? "The provider could not be asked", now);
                return "halted";
            case EmailSendOutcome.Retry:
                notification.RecordFailedAttempt(result.Error ?? "Transient failure", retryAt, Settings.MaxAttempts);
                return notification.Status == NotificationStatus.Failed ? "dead" : "retry";
            case EmailSendOutcome.SuppressRecipient:
                notification.Suppress(result.Error ?? "Inactive recipient");
                return "suppressed";
            case EmailSendOutcome.Halt:
                // The message did nothing wrong: it is queued again for when sending resumes.
                notification.Release(now);
                return "halted";
            default:
                notification.Fail(result.Error ?? "Refused by the provider");
                return "dead";
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>
    /// A claimed row (read before the provider call) and the attempt number that fences its outcome;
    /// <see cref="Resumed"/> when it was found sending, i.e. an earlier attempt's answer was lost.
    /// </summary>
    private sealed record Claim(Notification Notification, int Attempt, bool Resumed);
}
