using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using ScholarClaims = Scholar.Application.Auth.ScholarClaims;
using Scholar.Domain.Auth;
using Scholar.Infrastructure.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;
using ScopePolicy = Scholar.Application.Auth.ScopePolicy;

namespace Scholar.Web.Features.Auth.Connect;

/// <summary>Builds the identities OpenIddict turns into tokens: which claims exist and where each may go.</summary>
public static class TokenPrincipal
{
    /// <summary>
    /// A user signed in through <paramref name="clientId"/>: staff roles (and the staff scopes they allow)
    /// travel only through clients allowed to carry them, so a ceo signing in to a public app hands it student powers.
    /// </summary>
    public static ClaimsPrincipal ForUser(User user, string? clientId, IEnumerable<string> requestedScopes, string audience)
    {
        var staffClient = AuthClients.CarriesRoles(clientId);
        string[] roles = staffClient ? [.. user.Roles] : [.. user.Roles.Where(r => r == Role.Student)];
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, user.Id.ToString())
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(ScholarClaims.SecurityStamp, user.SecurityStamp.ToString())
            .SetClaims(Claims.Role, [.. roles]);
        identity.SetScopes(ScopePolicy.GrantableTo(roles, requestedScopes));
        identity.SetResources(audience);
        identity.SetDestinations(claim => DestinationsOf(claim, staffClient));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>A service client acting as itself: <c>sub</c> is its client id; its scopes were checked against its permissions.</summary>
    public static ClaimsPrincipal ForClient(string clientId, IEnumerable<string> scopes, string audience)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, clientId);
        identity.SetScopes(scopes);
        identity.SetResources(audience);
        identity.SetDestinations(claim => DestinationsOf(claim, staffClient: false));
        return new ClaimsPrincipal(identity);
    }

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);

    /// <summary>
    /// Where each claim may go. The security stamp stays in codes and refresh tokens (a password change
    /// since refuses the exchange) and reaches only a staff client's id token, whose session re-checks it.
    /// </summary>
    private static IEnumerable<string> DestinationsOf(Claim claim, bool staffClient) => claim.Type switch
    {
        ScholarClaims.SecurityStamp when staffClient => [Destinations.IdentityToken],
        Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Role when claim.Subject!.HasScope(Scopes.Roles) => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Role => [Destinations.AccessToken],
        Claims.Name when claim.Subject!.HasScope(Scopes.Profile) => [Destinations.IdentityToken],
        Claims.Email when claim.Subject!.HasScope(Scopes.Email) => [Destinations.IdentityToken],
        _ => [],
    };
}
