using Microsoft.Extensions.Configuration;

namespace Scholar.Infrastructure.Ops.Alerts;

/// <summary>Where operator alerts go (DESIGN.md 10.3) and how often they are evaluated.</summary>
public sealed class AlertSettings
{
    /// <summary>Comma-separated addresses sent the <c>ops_alert</c> email.</summary>
    [ConfigurationKeyName("OPS_ALERT_EMAILS")]
    public string? Emails { get; set; }

    /// <summary>A Slack-compatible incoming webhook; a secret (its path is the credential), never logged or shown.</summary>
    [ConfigurationKeyName("OPS_ALERT_WEBHOOK_URL")]
    public string? WebhookUrl { get; set; }

    /// <summary>A phone number (E.164) texted through Twilio when the <c>TWILIO_*</c> settings are present.</summary>
    [ConfigurationKeyName("OPS_ALERT_SMS_TO")]
    public string? SmsTo { get; set; }

    [ConfigurationKeyName("OPS_ALERT_INTERVAL_SECONDS")]
    public double IntervalSeconds { get; set; } = 60;

    /// <summary>Off in tests that run evaluations themselves.</summary>
    [ConfigurationKeyName("OPS_ALERTS_ENABLED")]
    public bool Enabled { get; set; } = true;

    public IReadOnlyList<string> EmailList =>
        (Emails ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public Uri? Webhook => Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
}
