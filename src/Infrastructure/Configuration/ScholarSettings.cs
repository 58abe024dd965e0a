using Microsoft.Extensions.Configuration;

namespace Scholar.Infrastructure.Configuration;

/// <summary>Process-wide settings, bound from the environment names of DESIGN.md section 4.</summary>
public sealed class ScholarSettings
{
    [ConfigurationKeyName("DATABASE_URL")]
    public string? DatabaseUrl { get; set; }

    [ConfigurationKeyName("APP_BASE_URL")]
    public string? AppBaseUrl { get; set; }

    [ConfigurationKeyName("SCHOLAR_APPS")]
    public string? ScholarApps { get; set; }

    [ConfigurationKeyName("SENTRY_DSN")]
    public string? SentryDsn { get; set; }

    [ConfigurationKeyName("CORS_ALLOWED_ORIGINS")]
    public string? CorsAllowedOrigins { get; set; }

    public IReadOnlyList<string> CorsOrigins =>
        (CorsAllowedOrigins ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
