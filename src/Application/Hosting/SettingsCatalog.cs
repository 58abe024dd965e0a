namespace Scholar.Application.Hosting;

public enum SettingCategory
{
    Required,
    Security,
    Optional,
}

public sealed record ExpectedSetting(string Name, SettingCategory Category);

/// <summary>
/// The environment names each app expects (DESIGN.md section 4), each read by the app it is listed
/// for (docs/topology.md). Start-up validation and the Secrets Check both read this one table.
/// EVENT_BUS_URL/EVENT_BUS_TOKEN are not listed: nothing publishes to an event bus (ADR 0042).
/// </summary>
public static class SettingsCatalog
{
    private static readonly Dictionary<string, ExpectedSetting[]> ByApp = new(StringComparer.Ordinal)
    {
        [ScholarApps.AutoComCenter] =
        [
            Required("APP_BASE_URL"), Required("POSTMARK_SERVER_TOKEN"), Required("DATABASE_URL"), Required("NOTIFY_WEBHOOK_SECRET"),
            Security("CORS_ALLOWED_ORIGINS"), Security("JWT_ISSUER"), Security("JWT_AUDIENCE"), Security("SENTRY_DSN"),
            Optional("TWILIO_ACCOUNT_SID"), Optional("TWILIO_AUTH_TOKEN"),
        ],
        [ScholarApps.ProviderRegister] =
        [
            Required("STRIPE_SECRET_KEY"), Required("STRIPE_WEBHOOK_SECRET"), Required("DATABASE_URL"), Required("APP_BASE_URL"), Required("NOTIFY_WEBHOOK_SECRET"),
            Security("AUTO_COM_CENTER_BASE_URL"), Security("SCHOLAR_AUTH_BASE_URL"), Security("AUTH_JWKS_URL"), Security("SENTRY_DSN"),
        ],
        [ScholarApps.StudentPilot] =
        [
            Required("STRIPE_PUBLIC_KEY"), Required("SCHOLARSHIP_API_BASE_URL"), Required("AUTO_COM_CENTER_BASE_URL"), Required("SCHOLAR_AUTH_BASE_URL"),
            Security("SENTRY_DSN"),
        ],
        [ScholarApps.ScholarshipApi] =
        [
            Required("DATABASE_URL"), Required("AUTH_JWKS_URL"), Required("CORS_ALLOWED_ORIGINS"),
            Security("SENTRY_DSN"),
        ],
        [ScholarApps.Auth] =
        [
            Required("DATABASE_URL"), Required("OIDC_ISSUER"), Required("OIDC_SIGNING_KEY"), Required("OIDC_ENCRYPTION_KEY"), Required("SESSION_SECRET"), Required("APP_BASE_URL"),
            Security("SENTRY_DSN"),
        ],
    };

    public static IReadOnlyList<ExpectedSetting> For(string app) =>
        ByApp.TryGetValue(app, out var settings) ? settings : throw new ArgumentException($"Unknown app '{app}'.", nameof(app));

    private static ExpectedSetting Required(string name) => new(name, SettingCategory.Required);

    private static ExpectedSetting Security(string name) => new(name, SettingCategory.Security);

    private static ExpectedSetting Optional(string name) => new(name, SettingCategory.Optional);
}
