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
    /// <summary>
    /// Sends the earliest due notifications, up to a batch: one transaction claims them all, the provider is
    /// called for each in turn (outside any transaction), and one transaction records every outcome.
    /// Returns how many were handled, 0 when none was due.
    /// </summary>
    public async Task<int> SendNextAsync(CancellationToken cancellationToken)
    {
        var claims = await transactions.ExecuteAsync(ClaimAsync, cancellationToken);
        var toSend = claims.Where(c => c.Attempt != 0).ToList();
        if (toSend.Count == 0)
        {
            return claims.Count;
        }

        // The claims are committed; what the sender adds from here (the local mailbox's rows) commits
        // with the outcomes, and the rows are read again under lock rather than from the tracker.
        db.ChangeTracker.Clear();
        var attempts = new List<Attempted>(toSend.Count);
        foreach (var claim in toSend)
        {
            var started = Stopwatch.GetTimestamp();
            var (result, confirming) = await AttemptAsync(claim, cancellationToken);
            attempts.Add(new Attempted(claim, result, confirming, started));
        }

        var recorded = await transactions.ExecuteAsync(ct => RecordAsync(attempts, ct), cancellationToken);
        foreach (var (attempt, outcome) in attempts.Zip(recorded))
        {
            var channel = new KeyValuePair<string, object?>("channel", attempt.Claim.Notification.Channel);
            if (outcome == "success")
            {
                ScholarMeters.EmailsSent.Add(1, channel);
            }
            else if (outcome == "dead")
            {
                ScholarMeters.EmailsDeadLettered.Add(1, channel);
            }
        }

        return claims.Count;
    }

    /// <summary>
    /// The earliest due rows, up to a batch: queued and due, or sending with their lease run out (email
    /// rows are left alone while email sending is halted). Attempt 0 means a row was settled here
    /// (suppressed recipient) and needs no provider call.
    /// </summary>
    private async Task<List<Claim>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.Notifications
            .FromSql($"""
                SELECT * FROM notifications
                WHERE status IN ('Queued', 'Sending') AND next_attempt_at <= {now}
                  AND (channel = {NotificationRequest.Sms} OR NOT EXISTS (SELECT 1 FROM email_sending_halt WHERE halted))
                ORDER BY next_attempt_at
                LIMIT {tuning.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }

        // One look-up for the batch's new recipients; a resumed row was checked when it was first claimed.
        var addresses = due.Where(n => n.Status is not NotificationStatus.Sending).Select(n => SuppressedRecipient.Normalise(n.To)).Distinct().ToList();
        var suppressed = addresses.Count == 0
            ? []
            : await db.SuppressedRecipients.AsNoTracking().Where(r => addresses.Contains(r.Address)).ToDictionaryAsync(r => r.Address, r => r.Reason, cancellationToken);
        var claims = new List<Claim>(due.Count);
        foreach (var notification in due)
        {
            var resumed = notification.Status is NotificationStatus.Sending;
            if (!resumed && suppressed.TryGetValue(SuppressedRecipient.Normalise(notification.To), out var reason))
            {
                notification.Suppress($"Recipient is suppressed ({reason}).");
                claims.Add(new Claim(notification, 0, false));
                continue;
            }

            claims.Add(new Claim(notification, notification.BeginAttempt(now + tuning.SendingLease), resumed));
        }

        return claims;
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

    /// <returns>Per attempt, the outcome recorded (success, retry, dead, suppressed, halted), or null when another sender owns it now.</returns>
    private async Task<List<string?>> RecordAsync(IReadOnlyList<Attempted> attempts, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ids = attempts.Select(a => a.Claim.Notification.Id).ToArray();
        var rows = await db.Notifications
            .FromSql($"SELECT * FROM notifications WHERE id = ANY({ids}) ORDER BY id FOR UPDATE")
            .ToDictionaryAsync(n => n.Id, cancellationToken);
        var outcomes = new List<string?>(attempts.Count);
        foreach (var attempt in attempts)
        {
            outcomes.Add(await RecordOneAsync(rows[attempt.Claim.Notification.Id], attempt, now, cancellationToken));
        }

        return outcomes;
    }

    private async Task<string?> RecordOneAsync(Notification notification, Attempted attempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (claim, result, confirming, started) = attempt;
        if (notification.Status is not NotificationStatus.Sending || notification.Attempts != claim.Attempt)
        {
            // Our lease ran out and another sender took the message over: it owns the outcome now.
            logger.LogWarning("Notification {Id}: attempt {Attempt} ended after another sender took it over; its outcome is not recorded.", notification.Id, claim.Attempt);
            ForgetWhatTheSenderAdded(notification.Id);
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

    /// <summary>Drops the rows a sender added for a notification (the local mailbox's copy), so an attempt whose outcome is not ours leaves nothing.</summary>
    private void ForgetWhatTheSenderAdded(Guid notificationId)
    {
        var added = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Added && e.Metadata.FindProperty(nameof(Notification) + "Id") is { } p && Equals(e.CurrentValues[p], notificationId))
            .ToList();
        foreach (var entry in added)
        {
            entry.State = EntityState.Detached;
        }
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

    /// <summary>A claim after its provider call: the result, whether it answered a confirmation, and when the call started.</summary>
    private sealed record Attempted(Claim Claim, EmailSendResult Result, bool Confirming, long Started);
}
