namespace Scholar.Application.Abstractions;

/// <summary>A rendered email, ready for a provider.</summary>
public sealed record EmailMessage(string To, string Subject, string HtmlBody, string TextBody, string Tag, Guid NotificationId);

public enum EmailSendOutcome
{
    /// <summary>Accepted by the provider.</summary>
    Sent,

    /// <summary>Transient, and the provider did not take the message (rate limit, server error, unreachable): try again later.</summary>
    Retry,

    /// <summary>
    /// No answer (a timeout, a connection lost after the request went out): the provider may have
    /// taken the message, so it is looked up before any second send.
    /// </summary>
    Unknown,

    /// <summary>The provider refuses this message as built: no retry.</summary>
    DeadLetter,

    /// <summary>The provider will not deliver to this recipient: suppress it.</summary>
    SuppressRecipient,

    /// <summary>Our credentials are refused: stop sending until an operator fixes them.</summary>
    Halt,
}

/// <summary>What one send attempt came to; <see cref="StatusCode"/> is the provider's HTTP status, if any.</summary>
public sealed record EmailSendResult(EmailSendOutcome Outcome, string? ProviderMessageId, string? Error, int? StatusCode)
{
    public static EmailSendResult Accepted(string? providerMessageId, int? statusCode = null) =>
        new(EmailSendOutcome.Sent, providerMessageId, null, statusCode);
}

/// <summary>Sends email through a provider (Postmark) or the local mailbox.</summary>
public interface IEmailProvider
{
    /// <summary>The hop name recorded for attempts (DESIGN 6.2), or null when nothing leaves the process.</summary>
    string? Hop { get; }

    Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the provider already took the message for <paramref name="notificationId"/> (an earlier
    /// attempt whose answer was lost): <see cref="EmailSendOutcome.Sent"/> with its message id, null when
    /// it did not, or <see cref="EmailSendOutcome.Retry"/> / <see cref="EmailSendOutcome.Halt"/> when the
    /// provider could not say.
    /// </summary>
    Task<EmailSendResult?> FindAcceptedAsync(Guid notificationId, CancellationToken cancellationToken);
}
