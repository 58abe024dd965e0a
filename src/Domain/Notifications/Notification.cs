using Scholar.Domain.Common;

namespace Scholar.Domain.Notifications;

public enum NotificationStatus
{
    Queued,
    Sending,
    Sent,
    Delivered,
    Bounced,
    Failed,
    Suppressed,
}

/// <summary>
/// One accepted <c>POST /api/send</c>: what to send to whom, and how far its delivery got. The
/// idempotency key is unique, so a redelivered request finds the notification it already created.
/// </summary>
public sealed class Notification
{
    private Notification()
    {
    }

    public Guid Id { get; private init; } = Guid.CreateVersion7();

    public string Template { get; private init; } = "";

    public string Channel { get; private init; } = "email";

    public string To { get; private init; } = "";

    public IReadOnlyDictionary<string, string> Data { get; private init; } = new Dictionary<string, string>();

    public string IdempotencyKey { get; private init; } = "";

    public NotificationStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public string? ProviderMessageId { get; private set; }

    public DateTimeOffset CreatedAt { get; private init; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>W3C traceparent of the request that queued it, so sending joins that trace.</summary>
    public string? TraceParent { get; private init; }

    public static Notification Queue(
        string template, string to, IReadOnlyDictionary<string, string> data, string idempotencyKey, DateTimeOffset now, string? traceParent = null, string channel = "email") =>
        new()
        {
            Channel = channel,
            TraceParent = traceParent,
            Template = template,
            To = to,
            Data = data,
            IdempotencyKey = idempotencyKey,
            Status = NotificationStatus.Queued,
            CreatedAt = now,
            NextAttemptAt = now,
        };

    /// <summary>
    /// An attempt begins: the row is marked sending, committed, before the provider is called, so a
    /// crash mid-call leaves evidence. Until <paramref name="leaseUntil"/> no other sender touches it;
    /// after that, whoever takes it over must ask the provider whether the message got through
    /// before sending again. The attempt number is the claim: only its holder may record the outcome.
    /// </summary>
    public int BeginAttempt(DateTimeOffset leaseUntil)
    {
        if (Status is not (NotificationStatus.Queued or NotificationStatus.Sending))
        {
            throw new DomainException("notification-not-pending", $"Notification {Id} is {Status}: there is nothing to send.");
        }

        Status = NotificationStatus.Sending;
        Attempts++;
        NextAttemptAt = leaseUntil;
        return Attempts;
    }

    public void MarkSent(string? providerMessageId, DateTimeOffset now)
    {
        EnsureSending();
        Status = NotificationStatus.Sent;
        ProviderMessageId = providerMessageId;
        SentAt = now;
        LastError = null;
    }

    /// <summary>
    /// The provider did not take the message (rate limit, server error): queue it again for
    /// <paramref name="retryAt"/>, or give up after <paramref name="maxAttempts"/>.
    /// </summary>
    public void RecordFailedAttempt(string error, DateTimeOffset retryAt, int maxAttempts)
    {
        EnsureSending();
        LastError = error;
        if (Attempts >= maxAttempts)
        {
            Status = NotificationStatus.Failed;
        }
        else
        {
            Status = NotificationStatus.Queued;
            NextAttemptAt = retryAt;
        }
    }

    /// <summary>
    /// No answer came back (a timeout, a connection lost mid-response): the provider may have taken
    /// the message. It stays sending, and at <paramref name="checkAt"/> the provider is asked first.
    /// </summary>
    public void AwaitConfirmation(string error, DateTimeOffset checkAt)
    {
        EnsureSending();
        LastError = error;
        NextAttemptAt = checkAt;
    }

    /// <summary>A permanent failure (the provider refused the message itself): dead letter, no retry.</summary>
    public void Fail(string error)
    {
        EnsureSending();
        LastError = error;
        Status = NotificationStatus.Failed;
    }

    /// <summary>Sending stopped for every message (our credentials were refused): this attempt does not count.</summary>
    public void Release(DateTimeOffset now)
    {
        EnsureSending();
        Status = NotificationStatus.Queued;
        Attempts--;
        NextAttemptAt = now;
    }

    /// <summary>The recipient is on the suppression list: the message is not attempted (again).</summary>
    public void Suppress(string reason)
    {
        if (Status is not (NotificationStatus.Queued or NotificationStatus.Sending))
        {
            throw new DomainException("notification-not-pending", $"Notification {Id} is {Status}: there is nothing to suppress.");
        }

        LastError = reason;
        Status = NotificationStatus.Suppressed;
    }

    /// <summary>
    /// An operator retries a dead letter (failed): it is queued again with a fresh count, keeping its
    /// last error until the next attempt. A message that was sent is never queued again.
    /// </summary>
    public void Requeue(DateTimeOffset now)
    {
        if (Status is not NotificationStatus.Failed)
        {
            throw new DomainException("notification-not-failed", $"Notification {Id} is {Status}: only a failed message can be retried.");
        }

        Status = NotificationStatus.Queued;
        Attempts = 0;
        NextAttemptAt = now;
    }

    /// <summary>The provider reported what became of a sent message.</summary>
    public void ApplyProviderOutcome(NotificationStatus outcome)
    {
        if (outcome is not (NotificationStatus.Delivered or NotificationStatus.Bounced or NotificationStatus.Suppressed))
        {
            throw new DomainException("notification-outcome-invalid", $"A provider cannot report '{outcome}'.");
        }

        // A bounce after delivery (or a late delivery after a bounce) must not flip a final bounce back.
        if (Status is NotificationStatus.Bounced && outcome is NotificationStatus.Delivered)
        {
            return;
        }

        Status = outcome;
    }

    private void EnsureSending()
    {
        if (Status is not NotificationStatus.Sending)
        {
            throw new DomainException("notification-not-sending", $"Notification {Id} is {Status}, not sending.");
        }
    }
}
