using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Scholar.Application.Auth;
using Scholar.Infrastructure.Auth;

namespace Scholar.OpsConsole.Security;

/// <summary>
/// The console is the confidential OIDC client <c>ops_console</c> of the Auth module: authorization
/// code + PKCE, a cookie session, and only operators and the CEO get one.
/// </summary>
public static class ConsoleSignIn
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>Role operator or ceo: every page except the sign-in outcomes.</summary>
    public const string OperatorPolicy = "console-operator";

    /// <summary>Role ceo: widening the funnel.</summary>
    public const string CeoPolicy = "console-ceo";

    public const string RefusedPath = "/account/refused";

    public static IServiceCollection AddConsoleSignIn(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.Get<AuthSettings>() ?? new AuthSettings();
        var consoleBase = new Uri(settings.OpsConsoleBase + "/");
        var https = consoleBase.Scheme == Uri.UriSchemeHttps;

        services.AddScoped<ActiveUsers>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieScheme;
                o.DefaultChallengeScheme = OidcScheme;
            })
            .AddCookie(CookieScheme, o =>
            {
                // Web and console may share a host name (ports do not separate cookies): distinct names.
                o.Cookie.Name = https ? "__Host-scholar-console" : "scholar-console";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.AccessDeniedPath = RefusedPath;
                o.Events.OnValidatePrincipal = ConsoleSessionCheck.ValidateAsync;
            })
            .AddOpenIdConnect(OidcScheme, o =>
            {
                OidcCodeFlow.Configure(o, settings, AuthClients.OpsConsole, ["openid", "profile", "email", "roles", Scopes.Ops], https, environment.IsDevelopment());
                o.ClientSecret = settings.OpsConsoleClientSecret;
                o.SignedOutRedirectUri = "/account/signed-out";
                o.Events.OnTokenValidated = RefuseOtherRolesAsync;
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => IsOperator(c.User)))
            .AddPolicy(CeoPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Ceo))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireAssertion(c => IsOperator(c.User)).Build());

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = https ? "__Host-scholar-console-af" : "scholar-console-af";
            o.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>Who acted, as the ops API records it (<c>user:{id}</c>) so the audit log reads the same from both.</summary>
    public static string Actor(ClaimsPrincipal user) => $"user:{user.FindFirst(ScholarClaims.Subject)?.Value}";

    public static bool IsOperator(ClaimsPrincipal user) => user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Ceo);

    /// <summary>
    /// A student (or any role without console access) gets no console session, and their session at
    /// the issuer is ended too, so "sign in with another account" really asks for another account.
    /// </summary>
    private static async Task RefuseOtherRolesAsync(TokenValidatedContext context)
    {
        if (context.Principal is { } principal && IsOperator(principal))
        {
            return;
        }

        context.HandleResponse();
        var configuration = context.Options.Configuration
            ?? await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
        var endSession = configuration.EndSessionEndpoint;
        var idToken = context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage.IdToken;
        if (endSession is null || idToken is null)
        {
            context.Response.Redirect(RefusedPath);
            return;
        }

        // Back through /signout-callback-oidc, whose state carries where to land: the refusal page.
        var state = context.Options.StateDataFormat.Protect(new AuthenticationProperties { RedirectUri = RefusedPath + "?ended=1" });
        var request = new OpenIdConnectMessage
        {
            IssuerAddress = endSession,
            IdTokenHint = idToken,
            PostLogoutRedirectUri = OidcCodeFlow.BuildUri(context.Request, context.Options.SignedOutCallbackPath),
            State = state,
        };
        context.Response.Redirect(request.CreateLogoutRequestUrl());
    }
}
