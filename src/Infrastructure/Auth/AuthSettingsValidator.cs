using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scholar.Application.Hosting;
using Scholar.Infrastructure.Auth.Keys;

namespace Scholar.Infrastructure.Auth;

/// <summary>
/// Start-up check: outside Development a process hosting scholar_auth needs real RSA keys (PEM or
/// path) and refuses generated development keys. Messages name the setting, never its value.
/// </summary>
public sealed class AuthSettingsValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<AuthSettings>
{
    public ValidateOptionsResult Validate(string? name, AuthSettings options)
    {
        var failures = new List<string>();
        if (options.RateLimitPerMinute < 1)
        {
            failures.Add("AUTH_RATE_LIMIT_PER_MINUTE must be a positive number.");
        }

        HostedApps apps;
        try
        {
            apps = HostedApps.Parse(configuration["SCHOLAR_APPS"]);
        }
        catch (ArgumentException)
        {
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (!environment.IsDevelopment())
        {
            if (apps.Hosts(ScholarApps.Auth))
            {
                failures.AddRange(OidcKeyRing.Problems(options));
            }
            else if (options.RemoteIssuer is null)
            {
                failures.Add("Missing setting SCHOLAR_AUTH_BASE_URL or AUTH_JWKS_URL: this process does not host scholar_auth, so it must know the issuer whose tokens it accepts.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
