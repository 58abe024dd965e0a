using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Scholar.Infrastructure.Configuration;

namespace Scholar.Infrastructure.Ops.Telemetry;

/// <summary>
/// The one redaction of Scholar, used by the log pipeline (<see cref="RedactingLoggerFactory"/>) and by
/// Sentry: the values of configured secrets (every setting whose name marks a secret, which covers
/// every secret of the <c>SettingsCatalog</c>, plus the password inside <c>DATABASE_URL</c>), bearer
/// tokens and JWTs, Stripe keys, webhook signatures and <c>password=…</c>-style pairs; for reports
/// that leave the process (Sentry), e-mail addresses too.
/// </summary>
public sealed partial class SecretScrubber(IConfiguration configuration)
{
    public const string Redacted = "[redacted]";

    /// <summary>Headers dropped from reported requests whatever their value.</summary>
    public static readonly IReadOnlySet<string> SensitiveHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "Stripe-Signature", "X-Scholar-Signature", "X-Api-Key",
    };

    // Shorter values would redact ordinary words; real secrets are far longer.
    private const int MinimumSecretLength = 6;

    // A webhook URL (OPS_ALERT_WEBHOOK_URL) carries its credential in the path.
    private static readonly string[] SecretNameMarkers = ["SECRET", "TOKEN", "PASSWORD", "KEY", "DSN", "DATABASE_URL", "WEBHOOK_URL"];

    private readonly Lazy<IReadOnlyList<string>> _values = new(() => CollectSecretValues(configuration));

    public static bool IsSecretName(string name) =>
        SecretNameMarkers.Any(m => name.Contains(m, StringComparison.OrdinalIgnoreCase));

    /// <summary>For what leaves the process (Sentry): secrets, tokens and e-mail addresses.</summary>
    public string? Scrub(string? text) => text is null ? null : Email().Replace(ScrubSecrets(text), "[email]");

    /// <summary>
    /// For the process's own logs: secrets and tokens. Addresses stay, so an operator can follow a
    /// delivery to its recipient.
    /// </summary>
    public string ScrubSecrets(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        foreach (var value in _values.Value)
        {
            text = text.Replace(value, Redacted, StringComparison.Ordinal);
        }

        text = Jwt().Replace(text, Redacted);
        text = Bearer().Replace(text, "Bearer " + Redacted);
        text = StripeKey().Replace(text, Redacted);
        text = Signature().Replace(text, "v1=" + Redacted);
        return SecretPair().Replace(text, m => $"{m.Groups["name"].Value}={Redacted}");
    }

    private static List<string> CollectSecretValues(IConfiguration configuration)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is null || !IsSecretName(key))
            {
                continue;
            }

            values.Add(value);
            if (key.Equals("DATABASE_URL", StringComparison.OrdinalIgnoreCase) && DatabaseUrl.TryParse(value, out var connectionString)
                && new NpgsqlConnectionStringBuilder(connectionString).Password is { } password)
            {
                values.Add(password);
            }
        }

        // Longest first, so a secret that contains another is removed whole.
        return values.Where(v => v.Length >= MinimumSecretLength).OrderByDescending(v => v.Length).ToList();
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"(?i)\bbearer\s+[A-Za-z0-9\-._~+/]+=*")]
    private static partial Regex Bearer();

    [GeneratedRegex(@"\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]+|\bwhsec_[A-Za-z0-9]+")]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"\bv1=[0-9a-fA-F]{16,}")]
    private static partial Regex Signature();

    [GeneratedRegex(@"(?i)\b(?<name>password|pwd|secret|token|api[_\-]?key|client[_\-]?secret)\s*[=:]\s*(?:""[^""]*""|'[^']*'|[^\s;,&""']+)")]
    private static partial Regex SecretPair();
}
