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
        string template, string to, IReadOnlyDictionary<string, string> data, string idempotencyKey, DateTimeOffset now, string? traceParent = null) =>
        new()
        {
            TraceParent = traceParent,
            Template = template,
            To = to,
            Data = data,
            IdempotencyKey = idempotencyKey,
            Status = NotificationStatus.Queued,
            CreatedAt = now,
            NextAttemptAt = now,
        };

    public void MarkSent(string? providerMessageId, DateTimeOffset now)
    {
        EnsureQueued();
        Attempts++;
        Status = NotificationStatus.Sent;
        ProviderMessageId = providerMessageId;
        SentAt = now;
        LastError = null;
    }

    /// <summary>A transient failure: try again at <paramref name="retryAt"/>, or give up after <paramref name="maxAttempts"/>.</summary>
    public void RecordFailedAttempt(string error, DateTimeOffset retryAt, int maxAttempts)
    {
        EnsureQueued();
        Attempts++;
        LastError = error;
        if (Attempts >= maxAttempts)
        {
            Status = NotificationStatus.Failed;
        }
        else
        {
            NextAttemptAt = retryAt;
        }
    }

    /// <summary>A permanent failure (the provider refused the message itself): dead letter, no retry.</summary>
    public void Fail(string error)
    {
        EnsureQueued();
        Attempts++;
        LastError = error;
        Status = NotificationStatus.Failed;
    }

    /// <summary>The recipient is on the suppression list: the message is not attempted.</summary>
    public void Suppress(string reason)
    {
        EnsureQueued();
        LastError = reason;
        Status = NotificationStatus.Suppressed;
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

    private void EnsureQueued()
    {
        if (Status is not NotificationStatus.Queued)
        {
            throw new DomainException("notification-not-queued", $"Notification {Id} is {Status}, not queued.");
        }
    }
}
