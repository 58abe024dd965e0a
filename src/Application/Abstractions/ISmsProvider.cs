namespace Scholar.Application.Abstractions;

/// <summary>A text message, rendered from a template's text body.</summary>
public sealed record SmsMessage(string To, string Body, Guid NotificationId);

/// <summary>
/// Sends text messages through a provider (Twilio). Its answers use the email outcomes: sent, retry,
/// dead letter, or halt when our credentials are refused.
/// </summary>
public interface ISmsProvider
{
    /// <summary>The hop name recorded for attempts.</summary>
    string Hop { get; }

    /// <summary>Whether the provider's credentials are configured; without them every SMS is dead-lettered.</summary>
    bool IsConfigured { get; }

    Task<EmailSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}
