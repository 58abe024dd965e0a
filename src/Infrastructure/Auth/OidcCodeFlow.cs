using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Scholar.Application.Auth;

namespace Scholar.Infrastructure.Auth;

/// <summary>
/// How a server-rendered client of the Auth module signs in (the ops console and the student_pilot
/// pages): authorization code + PKCE, the code returned in the query, tokens kept with the session.
/// </summary>
public static class OidcCodeFlow
{
    /// <summary>
    /// <c>reachAt</c>: where to fetch the issuer's metadata when that is not where its name says
    /// (null: SCHOLAR_AUTH_BASE_URL, else OIDC_ISSUER).
    /// </summary>
    public static void Configure(OpenIdConnectOptions options, AuthSettings settings, string clientId, IEnumerable<string> scopes, bool https, bool development, Uri? reachAt = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);

        // SCHOLAR_AUTH_BASE_URL says where the issuer is reached; OIDC_ISSUER what it calls itself.
        var issuer = settings.IssuerUri;
        options.Authority = issuer.ToString();
        options.MetadataAddress = new Uri(reachAt ?? settings.RemoteIssuer ?? issuer, ".well-known/openid-configuration").ToString();
        options.RequireHttpsMetadata = !development;
        options.ClientId = clientId;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;

        // A top-level GET back to the callback: SameSite=Lax cookies travel with it over plain
        // HTTP too (SameSite=None, needed by form_post, demands HTTPS in browsers).
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

        options.Scope.Clear();
        foreach (var scope in scopes)
        {
            options.Scope.Add(scope);
        }

        // Keeps the id token for id_token_hint at sign-out (and the access/refresh tokens where asked).
        options.SaveTokens = true;
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.TokenValidationParameters.NameClaimType = "name";
        options.TokenValidationParameters.RoleClaimType = ScholarClaims.Role;
    }

    public static string BuildUri(HttpRequest request, PathString path)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}{path}";
    }
}
