namespace Scholar.Application.Abstractions;

/// <summary>
/// A request to auto_com_center's <c>POST /api/send</c>, in the contract's terms: template name,
/// recipient, template variables, the idempotency key that makes redelivery harmless, and the channel.
/// </summary>
public sealed record NotificationRequest(
    string Template,
    string To,
    IReadOnlyDictionary<string, string> Data,
    string IdempotencyKey,
    string Channel = NotificationRequest.Email)
{
    public const string Email = "email";

    /// <summary>A text message (Twilio), rendered from the template's text body.</summary>
    public const string Sms = "sms";

    /// <summary>The outbox kind of a queued <c>/api/send</c> request.</summary>
    public const string OutboxKind = "notification.send";

    /// <summary>
    /// The user whose display name becomes <c>data.name</c> when the request is delivered (the part of the
    /// address before the @ when the user has none), so the business transaction need not read it.
    /// </summary>
    public Guid? NameOf { get; init; }

    /// <summary>The outbox row's key (and its delivery attempts' key) for a request with this idempotency key.</summary>
    public static string OutboxKeyOf(string idempotencyKey) => $"{OutboxKind}:{idempotencyKey}";
}

/// <summary>
/// Queues a notification in the caller's unit of work: nothing is sent unless the caller's
/// <c>SaveChangesAsync</c> commits, and the commit guarantees it will be sent (outbox).
/// </summary>
public interface INotificationOutbox
{
    void Enqueue(NotificationRequest request);

    /// <summary>
    /// Fills in, at delivery time, what the queued requests of a batch left to then (the name of
    /// <see cref="NotificationRequest.NameOf"/>), so their payloads are the <c>/api/send</c> bodies to post.
    /// The completed payloads are saved with the attempt, so a retry posts the same body.
    /// </summary>
    Task CompleteAsync(IReadOnlyList<Domain.Notifications.OutboxMessage> batch, CancellationToken cancellationToken);
}
