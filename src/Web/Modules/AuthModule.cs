using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Scholar.Infrastructure.Auth;
using Scholar.Web.Features.Auth;
using Scholar.Web.Features.Auth.Connect;
using Scholar.Web.Security;

namespace Scholar.Web.Modules;

/// <summary>Web-side registrations of the Auth module (its endpoints are discovered by FastEndpoints).</summary>
public static class AuthModule
{
    /// <summary>The login page's cookie: it only ever feeds <c>/connect/authorize</c>, never an API.</summary>
    public const string LoginScheme = "scholar-login";

    /// <summary>Pages whose posts take a password or a reset token, or send an email: the credential limits apply.</summary>
    private static readonly HashSet<string> CredentialPages = new(StringComparer.OrdinalIgnoreCase)
    {
        "account/login", "account/reset-password", "pilot/signup", "pilot/forgot-password", "pilot/reset-password",
    };

    public static WebApplicationBuilder AddAuthModule(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.Get<AuthSettings>() ?? new AuthSettings();
        var https = (settings.Issuer ?? settings.AppBaseUrl ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase);

        // Every protected API authenticates bearer tokens; the cookie scheme is opt-in by name.
        builder.Services.AddAuthentication(o => o.DefaultScheme = BearerScheme.Name)
            .AddScheme<AuthenticationSchemeOptions, BearerScheme>(BearerScheme.Name, BearerScheme.Configure)
            .AddCookie(LoginScheme, o =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/connect/endsession";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Cookie.Name = https ? "__Host-scholar-login" : "scholar-login";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.Path = "/";
                o.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = https ? "__Host-scholar-af" : "scholar-af";
            o.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });

        builder.Services.AddScholarRateLimits();
        builder.Services.AddRazorPages();
        return builder;
    }

    public static WebApplication MapAuthModule(this WebApplication app)
    {
        // /connect/* and the OpenIddict server's /.well-known/* exist only where the issuer is hosted.
        if (AuthRegistration.HostsIssuer(app.Configuration))
        {
            app.MapConnectEndpoints();
        }

        // The pages that take a password or a reset token share the credential limits of the APIs.
        app.MapRazorPages().Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: var route }
                && route is not null && CredentialPages.Contains(route.TrimStart('/')))
            {
                endpoint.Metadata.Add(new EnableRateLimitingAttribute(RateLimitPolicies.Credentials));
            }
        });
        return app;
    }
}
