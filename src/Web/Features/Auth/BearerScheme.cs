using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Validation.AspNetCore;

namespace Scholar.Web.Features.Auth;

/// <summary>
/// The default scheme of every API: requests with an <c>Authorization</c> header are validated by
/// OpenIddict (signature from the JWKS, issuer, audience, lifetime); requests without one are
/// anonymous without touching the issuer's keys, so probes and public endpoints keep working when
/// the key store is unavailable; they are challenged with a plain <c>401</c> + <c>WWW-Authenticate: Bearer</c>.
/// </summary>
public sealed class BearerScheme(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "scholar-bearer";

    private const string Validation = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;

    public static void Configure(AuthenticationSchemeOptions options) =>
        options.ForwardDefaultSelector = http => http.Request.Headers.Authorization.Count > 0 ? Validation : null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
