using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Domain.Notifications;

namespace Scholar.Application.Notifications.SendQueuedNotification;

/// <summary>
/// Sends one queued notification (email through the <see cref="IEmailProvider"/>, SMS through the
/// <see cref="ISmsProvider"/>) so that each is sent exactly once or dead-lettered with a reason, across
/// crashes and instances:
/// <list type="number">
/// <item>claim: the row is marked sending under a lease and committed before the provider is called;</item>
/// <item>attempt: the provider call, outside any transaction;</item>
/// <item>record: the outcome is written only by the claim's holder (same attempt number).</item>
/// </list>
/// A row still sending when its lease ends was left by a crash or a lost answer: whoever takes it over
/// asks the email provider for it (by notification id) before sending again. Suppressed recipients are
/// not attempted; transient failures retry with backoff; refused email credentials halt email sending
/// for every instance (the <see cref="EmailSendingHalt"/> row) until an operator resumes it.
/// </summary>
public sealed class SendQueuedNotificationHandler(
    IAppDbContext db,
    ITransactionRunner transactions,
    IEmailProvider email,
    ISmsProvider sms,
    INotificationTemplates templates,
    RetryBackoff backoff,
    DeliveryTuning tuning,
    TimeProvider clock,
    ILogger<SendQueuedNotificationHandler> logger)
{
    /// <summary>Sends the earliest due notification; returns 1 when one was handled, 0 when none was due.</summary>
    public async Task<int> SendNextAsync(CancellationToken cancellationToken)
    {
        var emailHalted = await db.EmailSendingHalts.AsNoTracking().AnyAsync(h => h.Halted, cancellationToken);
        var claim = await transactions.ExecuteAsync(ct => ClaimAsync(emailHalted, ct), cancellationToken);
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
        var started = Stopwatch.GetTimestamp();
        var (result, confirming) = await AttemptAsync(claim, cancellationToken);
        var recorded = await transactions.ExecuteAsync(ct => RecordAsync(claim, result, confirming, started, ct), cancellationToken);
        var channel = new KeyValuePair<string, object?>("channel", claim.Notification.Channel);
        if (recorded == "success")
        {
            ScholarMeters.EmailsSent.Add(1, channel);
        }
        else if (recorded == "dead")
        {
            ScholarMeters.EmailsDeadLettered.Add(1, channel);
        }

        return 1;
    }

    /// <summary>
    /// The earliest due row: queued and due, or sending with its lease run out (email rows are left
    /// alone while email sending is halted). Attempt 0 means it was settled here (suppressed
    /// recipient) and needs no provider call.
    /// </summary>
    private async Task<Claim?> ClaimAsync(bool emailHalted, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var notification = await db.Notifications
            .FromSql($"""
                SELECT * FROM notifications
                WHERE status IN ('Queued', 'Sending') AND next_attempt_at <= {now}
                  AND (channel = {NotificationRequest.Sms} OR NOT {emailHalted})
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

        return new Claim(notification, notification.BeginAttempt(now + tuning.SendingLease), resumed);
    }

    /// <summary>
    /// The provider call. A resumed email attempt first asks whether the provider already has the
    /// message; <c>confirming</c> is true when the result is that question's answer, not a send's.
    /// </summary>
    private async Task<(EmailSendResult Result, bool Confirming)> AttemptAsync(Claim claim, CancellationToken cancellationToken)
    {
        var notification = claim.Notification;
        // The send joins the trace of the /api/send request that queued it (and so the purchase's).
        using var span = ScholarTracing.Continue($"{notification.Channel} send {notification.Template}", notification.TraceParent);
        var isSms = notification.Channel == NotificationRequest.Sms;
        if (claim.Resumed)
        {
            // Twilio cannot be asked by our id: a lost SMS answer is sent again (an alert twice beats none).
            if (!isSms && await email.FindAcceptedAsync(notification.Id, cancellationToken) is { } known)
            {
                return (known, true);
            }

            if (claim.Attempt > tuning.MaxAttempts)
            {
                var reason = $"Gave up after {tuning.MaxAttempts} attempts without an answer; the provider has no record of it. Last error: {notification.LastError}";
                return (new EmailSendResult(EmailSendOutcome.DeadLetter, null, reason, null), false);
            }
        }

        var rendered = templates.Render(notification.Template, notification.Data);
        if (isSms)
        {
            return (await sms.SendAsync(new SmsMessage(notification.To, rendered.TextBody.Trim(), notification.Id), cancellationToken), false);
        }

        var message = new EmailMessage(notification.To, rendered.Subject, rendered.HtmlBody, rendered.TextBody, notification.Template, notification.Id);
        return (await email.SendAsync(message, cancellationToken), false);
    }

    /// <returns>The outcome recorded (success, retry, dead, suppressed, halted), or null when another sender owns it now.</returns>
    private async Task<string?> RecordAsync(Claim claim, EmailSendResult result, bool confirming, long started, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var notification = await db.Notifications
            .FromSql($"SELECT * FROM notifications WHERE id = {claim.Notification.Id} FOR UPDATE")
            .SingleAsync(cancellationToken);
        if (notification.Status is not NotificationStatus.Sending || notification.Attempts != claim.Attempt)
        {
            // Our lease ran out and another sender took the message over: it owns the outcome now.
            logger.LogWarning("Notification {Id}: attempt {Attempt} ended after another sender took it over; its outcome is not recorded.", notification.Id, claim.Attempt);
            db.ChangeTracker.Clear();
            return null;
        }

        var isSms = notification.Channel == NotificationRequest.Sms;
        var outcome = Apply(notification, result, confirming, now);
        if (result.Outcome is EmailSendOutcome.SuppressRecipient)
        {
            var address = SuppressedRecipient.Normalise(notification.To);
            if (await db.SuppressedRecipients.FindAsync([address], cancellationToken) is null)
            {
                db.SuppressedRecipients.Add(new SuppressedRecipient { Address = address, Reason = result.Error ?? "Inactive recipient", SuppressedAt = now });
            }
        }

        if (result.Outcome is EmailSendOutcome.Halt && !confirming && !isSms)
        {
            var halt = await db.EmailSendingHalts
                .FromSql($"SELECT * FROM email_sending_halt WHERE id = {EmailSendingHalt.SingletonId} FOR UPDATE")
                .SingleAsync(cancellationToken);
            if (halt.Halt(result.Error ?? "The provider refused our credentials.", now))
            {
                logger.LogCritical("Email sending halted for every instance: {Reason}. Fix the provider credentials, then resume it on the console.", result.Error);
            }
        }

        if ((isSms ? sms.Hop : email.Hop) is { } hop)
        {
            db.DeliveryAttempts.Add(DeliveryAttempt.Outbound(hop, notification.Id.ToString(), result.StatusCode, outcome, started, result.Error, now));
        }

        return outcome;
    }

    private string Apply(Notification notification, EmailSendResult result, bool confirming, DateTimeOffset now)
    {
        var retryAt = now + backoff.DelayAfter(notification.Attempts);
        switch (result.Outcome)
        {
            case EmailSendOutcome.Sent:
                notification.MarkSent(result.ProviderMessageId, now);
                return "success";
            case EmailSendOutcome.Unknown:
                // Give the provider's search time to see the message before it is asked.
                notification.AwaitConfirmation(result.Error ?? "No answer", Max(retryAt, now + tuning.SendingLease));
                return "retry";
            // The provider could not say whether it has the message: ask again later, never resend blind.
            case EmailSendOutcome.Retry when confirming:
                notification.AwaitConfirmation(result.Error ?? "The provider could not be asked", retryAt);
                return "retry";
            case EmailSendOutcome.Halt when confirming:
                notification.AwaitConfirmation(result.Error ?? "The provider could not be asked", now);
                return "halted";
            case EmailSendOutcome.Retry:
                notification.RecordFailedAttempt(result.Error ?? "Transient failure", retryAt, tuning.MaxAttempts);
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
