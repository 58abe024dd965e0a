using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using ActiveUsers = Scholar.Application.Auth.ActiveUsers;
using Scholar.Application.Auth.SignIn;
using Scholar.Domain.Auth;
using Scholar.Infrastructure.Auth;
using Scholar.Web.Modules;
using static OpenIddict.Abstractions.OpenIddictConstants;
using OidcErrors = OpenIddict.Abstractions.OpenIddictConstants.Errors;

namespace Scholar.Web.Features.Auth.Connect;

/// <summary>
/// The OpenIddict passthrough endpoints: OpenIddict has already validated the protocol request
/// (client, redirect URI, PKCE, scopes permitted to the client); these decide who the user is and
/// what goes in the token.
/// </summary>
public static class ConnectEndpoints
{
    private const string ServerScheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static IEndpointRouteBuilder MapConnectEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost("/connect/token", ExchangeAsync).AllowAnonymous().RequireRateLimiting(Security.RateLimitPolicies.Credentials).ExcludeFromDescription();
        endpoints.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionAsync).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], UserInfoAsync).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, ActiveUsers activeUsers, IOptions<AuthSettings> settings, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var cookie = await http.AuthenticateAsync(AuthModule.LoginScheme);
        var user = cookie.Succeeded ? await activeUsers.FindAsync(cookie.Principal, checkStamp: true, ct) : null;
        if (user is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(OidcErrors.LoginRequired, "The user is not signed in.");
            }

            // Back to this very request after the login page signs the user in.
            var parameters = http.Request.HasFormContentType ? [.. http.Request.Form] : http.Request.Query.ToList();
            var returnUrl = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [AuthModule.LoginScheme]);
        }

        return Results.SignIn(TokenPrincipal.ForUser(user, request.ClientId, request.GetScopes(), settings.Value.EffectiveAudience), null, ServerScheme);
    }

    private static async Task<IResult> ExchangeAsync(
        HttpContext http, SignInHandler signIn, ActiveUsers activeUsers, IOptions<AuthSettings> settings, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var audience = settings.Value.EffectiveAudience;

        if (request.IsClientCredentialsGrantType())
        {
            return Results.SignIn(TokenPrincipal.ForClient(request.ClientId!, request.GetScopes(), audience), null, ServerScheme);
        }

        if (request.IsPasswordGrantType())
        {
            if (request.ClientId != AuthClients.ScholarCli)
            {
                return Forbid(OidcErrors.UnauthorizedClient, "The password grant is only available to scholar_cli.");
            }

            var result = await signIn.HandleAsync(new SignInCommand(request.Username ?? "", request.Password ?? ""), ct);
            // A locked account answers exactly like a wrong password: the answer must not confirm that the account exists.
            return result.Outcome == SignInOutcome.Succeeded
                ? Results.SignIn(TokenPrincipal.ForUser(result.User!, request.ClientId, request.GetScopes(), audience), null, ServerScheme)
                : Forbid(OidcErrors.InvalidGrant, "The email or password is wrong.");
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // Re-read the user so role changes, lockouts and password changes take effect at refresh.
            var granted = (await http.AuthenticateAsync(ServerScheme)).Principal;
            var user = await activeUsers.FindAsync(granted, checkStamp: true, ct);
            return user is null
                ? Forbid(OidcErrors.InvalidGrant, "The grant is no longer valid.")
                : Results.SignIn(TokenPrincipal.ForUser(user, request.ClientId, granted!.GetScopes(), audience), null, ServerScheme);
        }

        return Forbid(OidcErrors.UnsupportedGrantType, "The grant type is not supported.");
    }

    private static async Task<IResult> EndSessionAsync(HttpContext http)
    {
        await http.SignOutAsync(AuthModule.LoginScheme);

        // OpenIddict redirects to the validated post_logout_redirect_uri when the client sent one.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [ServerScheme]);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext http, ActiveUsers activeUsers, CancellationToken ct)
    {
        var principal = (await http.AuthenticateAsync(ServerScheme)).Principal;
        var user = await activeUsers.FindAsync(principal, checkStamp: false, ct);
        if (user is null || principal is null)
        {
            return Results.Challenge(Properties(OidcErrors.InvalidToken, "The account behind this token no longer exists."), [ServerScheme]);
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = user.Id.ToString() };
        if (principal.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = user.DisplayName;
        }

        if (principal.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = user.Email;
        }

        if (principal.HasScope(Scopes.Roles))
        {
            claims[Claims.Role] = user.Roles;
        }

        return Results.Ok(claims);
    }

    private static IResult Forbid(string error, string description) => Results.Forbid(Properties(error, description), [ServerScheme]);

    private static AuthenticationProperties Properties(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });
}
