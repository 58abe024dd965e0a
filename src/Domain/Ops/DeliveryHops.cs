namespace Scholar.Domain.Ops;

/// <summary>The hops of the money loop whose delivery success the console measures (DESIGN.md 8.1).</summary>
public static class DeliveryHops
{
    public const string StripeToProviderRegister = "stripe→provider_register";
    public const string ProviderRegisterToAutoComCenter = "provider_register→auto_com_center";
    public const string AutoComCenterToPostmark = "auto_com_center→postmark";

    /// <summary>Text messages (operator alerts) handed to Twilio.</summary>
    public const string AutoComCenterToTwilio = "auto_com_center→twilio";

    /// <summary>Operator alerts posted to <c>OPS_ALERT_WEBHOOK_URL</c> (Slack-compatible).</summary>
    public const string OpsToAlertWebhook = "ops→alert_webhook";
}
