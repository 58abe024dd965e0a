using Microsoft.Extensions.Configuration;

namespace Scholar.Infrastructure.Auth;

/// <summary>Settings of the Auth module, bound from the environment names of DESIGN.md sections 4 and 5.</summary>
public sealed class AuthSettings
{
    public const string DefaultAudience = "scholar-api";
    public const int DefaultRateLimitPerMinute = 20;

    [ConfigurationKeyName("OIDC_ISSUER")]
    public string? Issuer { get; set; }

    [ConfigurationKeyName("APP_BASE_URL")]
    public string? AppBaseUrl { get; set; }

    [ConfigurationKeyName("JWT_AUDIENCE")]
    public string? Audience { get; set; }

    /// <summary>PEM RSA private key(s), or path(s) to them separated by ';'. The first key signs; all are published.</summary>
    [ConfigurationKeyName("OIDC_SIGNING_KEY")]
    public string? SigningKey { get; set; }

    [ConfigurationKeyName("OIDC_ENCRYPTION_KEY")]
    public string? EncryptionKey { get; set; }

    [ConfigurationKeyName("AUTH_ALLOW_PASSWORD_GRANT")]
    public bool AllowPasswordGrant { get; set; }

    [ConfigurationKeyName("AUTH_RATE_LIMIT_PER_MINUTE")]
    public int RateLimitPerMinute { get; set; } = DefaultRateLimitPerMinute;

    /// <summary>The <c>iss</c> the apps that do not host scholar_auth expect (default OIDC_ISSUER, else the issuer's base URL).</summary>
    [ConfigurationKeyName("JWT_ISSUER")]
    public string? JwtIssuer { get; set; }

    [ConfigurationKeyName("AUTH_JWKS_URL")]
    public string? JwksUrl { get; set; }

    [ConfigurationKeyName("SCHOLAR_AUTH_BASE_URL")]
    public string? AuthBaseUrl { get; set; }

    [ConfigurationKeyName("OPS_BOOTSTRAP_EMAIL")]
    public string? BootstrapEmail { get; set; }

    [ConfigurationKeyName("OPS_BOOTSTRAP_PASSWORD")]
    public string? BootstrapPassword { get; set; }

    [ConfigurationKeyName("PROVIDER_REGISTER_CLIENT_SECRET")]
    public string? ProviderRegisterClientSecret { get; set; }

    [ConfigurationKeyName("AUTO_COM_CENTER_CLIENT_SECRET")]
    public string? AutoComCenterClientSecret { get; set; }

    [ConfigurationKeyName("METRICS_SCRAPER_CLIENT_SECRET")]
    public string? MetricsScraperClientSecret { get; set; }

    [ConfigurationKeyName("OPSCONSOLE_CLIENT_SECRET")]
    public string? OpsConsoleClientSecret { get; set; }

    [ConfigurationKeyName("OPSCONSOLE_BASE_URL")]
    public string? OpsConsoleBaseUrl { get; set; }

    [ConfigurationKeyName("STUDENT_PILOT_REDIRECT_URIS")]
    public string? StudentPilotRedirectUris { get; set; }

    public string EffectiveAudience => string.IsNullOrWhiteSpace(Audience) ? DefaultAudience : Audience.Trim();

    /// <summary>OIDC_ISSUER, else APP_BASE_URL: the issuer is this process unless said otherwise.</summary>
    public Uri IssuerUri => new((Issuer ?? AppBaseUrl ?? "http://127.0.0.1:5080").TrimEnd('/') + "/", UriKind.Absolute);

    public Uri AppBaseUri => new((AppBaseUrl ?? Issuer ?? "http://127.0.0.1:5080").TrimEnd('/') + "/", UriKind.Absolute);

    /// <summary>Where the student_pilot web app receives its code (<c>/pilot/signin-oidc</c>).</summary>
    public const string StudentPilotCallbackPath = "/pilot/signin-oidc";

    public const string StudentPilotSignedOutCallbackPath = "/pilot/signout-callback-oidc";

    /// <summary>STUDENT_PILOT_REDIRECT_URIS (comma list), else the pilot pages of this process's APP_BASE_URL.</summary>
    public IReadOnlyList<string> StudentPilotRedirects =>
        string.IsNullOrWhiteSpace(StudentPilotRedirectUris)
            ? [new Uri(AppBaseUri, StudentPilotCallbackPath.TrimStart('/')).ToString()]
            : StudentPilotRedirectUris.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Each pilot redirect's sign-out callback beside it, so signing out can come back to the pilot.</summary>
    public IReadOnlyList<string> StudentPilotPostLogoutRedirects =>
        StudentPilotBases.Select(b => b + StudentPilotSignedOutCallbackPath).ToList();

    /// <summary>A page of the pilot (sign up, forgot password) linked from the issuer's login page; null when no pilot redirect is known.</summary>
    public string? StudentPilotPageUrl(string page) => StudentPilotBases.Select(b => b + "/pilot/" + page).FirstOrDefault();

    /// <summary>The base URLs of the pilot web apps among the redirects (those ending in the pilot's callback).</summary>
    private IEnumerable<string> StudentPilotBases =>
        StudentPilotRedirects
            .Where(r => r.EndsWith(StudentPilotCallbackPath, StringComparison.Ordinal))
            .Select(r => r[..^StudentPilotCallbackPath.Length]);

    public string OpsConsoleBase => (OpsConsoleBaseUrl ?? "http://127.0.0.1:5090").TrimEnd('/');

    /// <summary>The issuer a process that does not host scholar_auth accepts tokens from.</summary>
    public Uri ExpectedIssuer =>
        !string.IsNullOrWhiteSpace(JwtIssuer) ? new Uri(JwtIssuer.TrimEnd('/') + "/")
        : !string.IsNullOrWhiteSpace(Issuer) ? IssuerUri
        : RemoteIssuer ?? IssuerUri;

    /// <summary>Where bearer tokens are checked when this process does not host scholar_auth.</summary>
    public Uri? RemoteIssuer =>
        !string.IsNullOrWhiteSpace(AuthBaseUrl) ? new Uri(AuthBaseUrl.TrimEnd('/') + "/")
        : !string.IsNullOrWhiteSpace(JwksUrl) ? new Uri(new Uri(JwksUrl), "/")
        : null;
}
