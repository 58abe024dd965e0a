using Microsoft.Extensions.Configuration;

namespace Scholar.Infrastructure.Notifications;

/// <summary>auto_com_center's settings, by their DESIGN.md names (plus the dispatcher's tuning knobs).</summary>
public sealed class NotificationSettings
{
    [ConfigurationKeyName("NOTIFY_WEBHOOK_SECRET")]
    public string? NotifyWebhookSecret { get; set; }

    [ConfigurationKeyName("APP_BASE_URL")]
    public string? AppBaseUrl { get; set; }

    [ConfigurationKeyName("AUTO_COM_CENTER_BASE_URL")]
    public string? AutoComCenterBaseUrl { get; set; }

    [ConfigurationKeyName("POSTMARK_SERVER_TOKEN")]
    public string? PostmarkServerToken { get; set; }

    [ConfigurationKeyName("POSTMARK_API_BASE_URL")]
    public string PostmarkApiBaseUrl { get; set; } = "https://api.postmarkapp.com";

    [ConfigurationKeyName("POSTMARK_FROM")]
    public string? PostmarkFrom { get; set; }

    [ConfigurationKeyName("POSTMARK_MESSAGE_STREAM")]
    public string PostmarkMessageStream { get; set; } = "outbound";

    /// <summary>The Postmark server's id (its number in Postmark's account pages): the console links message ids to their activity page.</summary>
    [ConfigurationKeyName("POSTMARK_SERVER_ID")]
    public string? PostmarkServerId { get; set; }

    [ConfigurationKeyName("POSTMARK_TIMEOUT_SECONDS")]
    public double PostmarkTimeoutSeconds { get; set; } = 10;

    [ConfigurationKeyName("POSTMARK_WEBHOOK_USERNAME")]
    public string? PostmarkWebhookUsername { get; set; }

    [ConfigurationKeyName("POSTMARK_WEBHOOK_PASSWORD")]
    public string? PostmarkWebhookPassword { get; set; }

    [ConfigurationKeyName("DELIVERABILITY_TEST_INBOXES")]
    public string? DeliverabilityTestInboxes { get; set; }

    [ConfigurationKeyName("DKIM_SELECTOR")]
    public string? DkimSelector { get; set; }

    [ConfigurationKeyName("TWILIO_ACCOUNT_SID")]
    public string? TwilioAccountSid { get; set; }

    [ConfigurationKeyName("TWILIO_AUTH_TOKEN")]
    public string? TwilioAuthToken { get; set; }

    /// <summary>The sender number (E.164) of alert text messages; DESIGN.md names none, so Scholar chose this name.</summary>
    [ConfigurationKeyName("TWILIO_FROM_NUMBER")]
    public string? TwilioFromNumber { get; set; }

    /// <summary>Where Twilio's API is called (tests point it at a stub on 127.0.0.1).</summary>
    [ConfigurationKeyName("TWILIO_API_BASE_URL")]
    public string TwilioApiBaseUrl { get; set; } = "https://api.twilio.com";

    [ConfigurationKeyName("TWILIO_TIMEOUT_SECONDS")]
    public double TwilioTimeoutSeconds { get; set; } = 10;

    public bool TwilioConfigured =>
        !string.IsNullOrWhiteSpace(TwilioAccountSid) && !string.IsNullOrWhiteSpace(TwilioAuthToken) && !string.IsNullOrWhiteSpace(TwilioFromNumber);

    /// <summary>An HTTP-date announced in the <c>Sunset</c> header of <c>/send-notification</c>.</summary>
    [ConfigurationKeyName("SEND_NOTIFICATION_SUNSET")]
    public DateTimeOffset? SendNotificationSunset { get; set; }

    /// <summary>Off in tests that drive <c>DispatchOnceAsync</c> themselves.</summary>
    [ConfigurationKeyName("NOTIFY_DISPATCH_ENABLED")]
    public bool DispatchEnabled { get; set; } = true;

    [ConfigurationKeyName("NOTIFY_DISPATCH_POLL_SECONDS")]
    public double PollSeconds { get; set; } = 5;

    [ConfigurationKeyName("NOTIFY_DISPATCH_BATCH_SIZE")]
    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// How long a woken loop lets rows gather before it claims them: under load one pass then takes a batch
    /// instead of one row per wake-up (each costs a transaction and a scope); idle, a receipt waits this much longer.
    /// </summary>
    [ConfigurationKeyName("NOTIFY_DISPATCH_GATHER_MS")]
    public int GatherMilliseconds { get; set; } = 10;

    /// <summary>Sending workers per instance; each claims, sends and records a batch at a time.</summary>
    [ConfigurationKeyName("NOTIFY_SEND_CONCURRENCY")]
    public int SendConcurrency { get; set; } = 4;

    [ConfigurationKeyName("NOTIFY_MAX_ATTEMPTS")]
    public int MaxAttempts { get; set; } = 8;

    [ConfigurationKeyName("NOTIFY_RETRY_BASE_SECONDS")]
    public double RetryBaseSeconds { get; set; } = 5;

    [ConfigurationKeyName("NOTIFY_RETRY_CAP_SECONDS")]
    public double RetryCapSeconds { get; set; } = 900;

    /// <summary>
    /// How long a claimed message is left to its sender before another may take it over (and first ask
    /// Postmark whether it got through): well beyond a call's timeout, so a slow call is never doubled.
    /// </summary>
    public TimeSpan SendingLease => TimeSpan.FromSeconds(Math.Max(30, 3 * PostmarkTimeoutSeconds));

    /// <summary>No token in Development → the local mailbox; elsewhere Postmark, which halts loudly without a token.</summary>
    public bool UsesLocalMailbox(bool development) => development && string.IsNullOrWhiteSpace(PostmarkServerToken);

    public Uri AutoComCenterBase =>
        new((AutoComCenterBaseUrl ?? AppBaseUrl ?? throw new InvalidOperationException("Missing setting AUTO_COM_CENTER_BASE_URL or APP_BASE_URL."))
            .TrimEnd('/') + "/");

    public IReadOnlyList<string> TestInboxes =>
        (DeliverabilityTestInboxes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The domain part of <c>POSTMARK_FROM</c> (which may be "Name &lt;addr@domain&gt;").</summary>
    public string? SenderDomain =>
        PostmarkFrom is { } from && System.Net.Mail.MailAddress.TryCreate(from, out var address) ? address.Host : null;
}
