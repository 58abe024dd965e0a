using Microsoft.AspNetCore.Authorization;
using Scholar.Application.Auth;
using Scholar.Infrastructure.Auth;
using Scholar.Infrastructure.Auth.Sessions;

namespace Scholar.Web.Pilot;

/// <summary>
/// The student_pilot pages are the public OIDC client <c>student_pilot</c> of the Auth module:
/// authorization code + PKCE, then a cookie session of their own (distinct from the issuer's login
/// cookie and from the bearer tokens the APIs take). The session and the student's tokens are kept
/// server-side, in PostgreSQL (the cookie carries only the session's id); the access token is renewed
/// with the refresh token before it expires.
/// </summary>
public static class PilotSignIn
{
    public const string CookieScheme = "pilot";
    public const string OidcScheme = "pilot-oidc";

    /// <summary>A signed-in student (any role) acting on their own purchases and credits.</summary>
    public const string StudentPolicy = "pilot-student";

    public const string HomePath = "/pilot";

    public static IServiceCollection AddPilotSignIn(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.Get<AuthSettings>() ?? new AuthSettings();
        var https = settings.AppBaseUri.Scheme == Uri.UriSchemeHttps;

        services.AddAuthentication()
            .AddCookie(CookieScheme, o =>
            {
                // The login page's cookie lives beside it on the same host: distinct names.
                o.Cookie.Name = https ? "__Host-scholar-pilot" : "scholar-pilot";
                o.Cookie.Path = "/";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.ForwardChallenge = OidcScheme;
                o.AccessDeniedPath = HomePath;
                o.Events.OnValidatePrincipal = PilotTokens.RenewWhenDueAsync;
            })
            .AddOpenIdConnect(OidcScheme, o =>
            {
                // Where this process is the issuer too, its metadata is read from itself (APP_BASE_URL).
                OidcCodeFlow.Configure(o, settings, AuthClients.StudentPilot,
                    ["openid", "profile", "email", "offline_access", Scopes.Credits], https, environment.IsDevelopment(),
                    AuthRegistration.HostsIssuer(configuration) ? settings.AppBaseUri : null);
                o.SignInScheme = CookieScheme;
                o.CallbackPath = AuthSettings.StudentPilotCallbackPath;
                o.SignedOutCallbackPath = AuthSettings.StudentPilotSignedOutCallbackPath;
                o.RemoteSignOutPath = "/pilot/signout-oidc";
                o.SignedOutRedirectUri = HomePath + "?signedOut=true";
            });

        services.AddServerSessions(CookieScheme);
        return services;
    }

    /// <summary>The pages' policy reads only the pilot's own cookie, never a bearer token or the login cookie.</summary>
    public static void RequireStudent(AuthorizationPolicyBuilder policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser().RequireClaim(ScholarClaims.Subject);
    }
}
