using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Scholar.Infrastructure.Configuration;

/// <summary>
/// Clearly labelled values that let a developer run Scholar offline. They are added as the
/// lowest-priority configuration source, only in Development, so any environment variable wins and
/// the Secrets Check can tell a default from a real value by asking which provider answered.
/// </summary>
public static class DevelopmentDefaults
{
    public static IReadOnlyDictionary<string, string> Values { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["DATABASE_URL"] = "postgres://scholar:scholar@127.0.0.1:5432/scholar",
        ["APP_BASE_URL"] = "http://127.0.0.1:5080",
        ["STRIPE_WEBHOOK_SECRET"] = "whsec_development_only_sandbox_secret",

        // Auth (development only; OIDC keys are generated once and kept in PostgreSQL instead).
        ["OIDC_ISSUER"] = "http://127.0.0.1:5080/",
        ["OPS_BOOTSTRAP_EMAIL"] = "ceo@scholar.local",
        ["OPS_BOOTSTRAP_PASSWORD"] = "Scholar-dev-ceo-1!",
        ["PROVIDER_REGISTER_CLIENT_SECRET"] = "dev-provider-register-secret",
        ["AUTO_COM_CENTER_CLIENT_SECRET"] = "dev-auto-com-center-secret",
        ["OPSCONSOLE_CLIENT_SECRET"] = "dev-opsconsole-secret",
        ["METRICS_SCRAPER_CLIENT_SECRET"] = "dev-metrics-scraper-secret",
        ["SESSION_SECRET"] = "dev-only-session-secret-not-for-production",
        ["NOTIFY_WEBHOOK_SECRET"] = "dev-only-notify-secret-not-for-production",
        ["POSTMARK_FROM"] = "receipts@scholar.local",
        ["POSTMARK_WEBHOOK_USERNAME"] = "dev-only-postmark-hook",
        ["POSTMARK_WEBHOOK_PASSWORD"] = "dev-only-postmark-hook-password",
    };

    public static void AddTo(IConfigurationBuilder configuration)
    {
        // Index 0 = consulted last: every other source (appsettings, env, command line) overrides it.
        configuration.Sources.Insert(0, new DevelopmentDefaultsSource());
    }

    /// <summary>Where a setting's value comes from: a real source, a development default, or nowhere.</summary>
    public static SettingSource SourceOf(IConfiguration configuration, string name)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return string.IsNullOrEmpty(configuration[name]) ? SettingSource.Missing : SettingSource.Environment;
        }

        foreach (var provider in root.Providers.Reverse())
        {
            if (provider.TryGet(name, out var value) && !string.IsNullOrEmpty(value))
            {
                return provider is DevelopmentDefaultsProvider ? SettingSource.Default : SettingSource.Environment;
            }
        }

        return SettingSource.Missing;
    }

    private sealed class DevelopmentDefaultsSource : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new DevelopmentDefaultsProvider();
    }

    private sealed class DevelopmentDefaultsProvider : MemoryConfigurationProvider
    {
        public DevelopmentDefaultsProvider()
            : base(new MemoryConfigurationSource { InitialData = Values! })
        {
        }
    }
}

public enum SettingSource
{
    Environment,
    Default,
    Missing,
}
