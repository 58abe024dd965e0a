using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Scholar.Web.Pilot;

/// <summary>
/// Keeps the student's access token fresh: shortly before it expires the session redeems its refresh
/// token at the issuer. A refused refresh (revoked, expired, user locked out) ends the session, so
/// the next page asks the student to sign in again instead of failing on every API call.
/// </summary>
public static class PilotTokens
{
    public const string AccessToken = "access_token";
    private const string RefreshToken = "refresh_token";
    private const string ExpiresAt = "expires_at";

    /// <summary>Renewed this long before expiry, so a page's API calls never carry a token about to die.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    public static async Task RenewWhenDueAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (DateTimeOffset.TryParse(context.Properties.GetTokenValue(ExpiresAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresAt)
            && expiresAt - now > Margin)
        {
            return;
        }

        var renewed = await RedeemRefreshTokenAsync(context, now);
        if (!renewed)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(PilotSignIn.CookieScheme);
            return;
        }

        context.ShouldRenew = true;
    }

    private static async Task<bool> RedeemRefreshTokenAsync(CookieValidatePrincipalContext context, DateTimeOffset now)
    {
        var refreshToken = context.Properties.GetTokenValue(RefreshToken);
        if (string.IsNullOrEmpty(refreshToken))
        {
            return false;
        }

        var services = context.HttpContext.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PilotTokens));
        var oidc = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(PilotSignIn.OidcScheme);
        var ct = context.HttpContext.RequestAborted;
        try
        {
            var configuration = await oidc.ConfigurationManager!.GetConfigurationAsync(ct);
            using var response = await oidc.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = oidc.ClientId!,
                ["refresh_token"] = refreshToken,
            }), ct);
            if (!response.IsSuccessStatusCode)
            {
                // The reason is the issuer's OAuth error code; the token itself is never logged.
                logger.LogInformation("Student session ended: the issuer refused its refresh token ({Status})", (int)response.StatusCode);
                return false;
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var root = body.RootElement;
            context.Properties.UpdateTokenValue(AccessToken, root.GetProperty(AccessToken).GetString()!);
            if (root.TryGetProperty(RefreshToken, out var rotated) && rotated.GetString() is { } next)
            {
                context.Properties.UpdateTokenValue(RefreshToken, next);
            }

            var lifetime = root.TryGetProperty("expires_in", out var seconds) ? seconds.GetInt32() : 300;
            context.Properties.UpdateTokenValue(ExpiresAt, now.AddSeconds(lifetime).ToString("o", CultureInfo.InvariantCulture));
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or JsonException or KeyNotFoundException)
        {
            logger.LogWarning("Student session ended: its access token could not be renewed ({Error})", e.GetType().Name);
            return false;
        }
    }
}
