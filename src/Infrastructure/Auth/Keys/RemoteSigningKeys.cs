using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;

namespace Scholar.Infrastructure.Auth.Keys;

/// <summary>
/// How an app that does not host scholar_auth learns the issuer's signing keys: straight from the JWKS
/// at <c>AUTH_JWKS_URL</c> (or <c>{SCHOLAR_AUTH_BASE_URL}/.well-known/jwks</c>), the full URL as given.
/// The keys are kept and refreshed in the background; when the issuer cannot be reached the keys
/// already fetched stay in use, so known tokens keep working through an issuer outage, and a token
/// signed with a key not seen yet makes the next request fetch the set again (at most every 30 s).
/// </summary>
public static class RemoteSigningKeys
{
    /// <summary>Keys are fetched again this often even when nothing asks for it (key rotation).</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(10);

    /// <summary>An unknown key id fetches the set again at most this often.</summary>
    public static readonly TimeSpan RefetchAtMostEvery = TimeSpan.FromSeconds(30);

    public static ConfigurationManager<OpenIddictConfiguration> Manager(AuthSettings settings, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var jwks = JwksHealthCheck.JwksUrl(settings);
        var documents = new HttpDocumentRetriever(http) { RequireHttps = jwks.Scheme == Uri.UriSchemeHttps };
        return new ConfigurationManager<OpenIddictConfiguration>(jwks.ToString(), new Retriever(settings.ExpectedIssuer), documents)
        {
            AutomaticRefreshInterval = RefreshEvery,
            RefreshInterval = RefetchAtMostEvery,
        };
    }

    /// <summary>A JWKS document read as the server configuration validation needs: the issuer and its keys.</summary>
    private sealed class Retriever(Uri issuer) : IConfigurationRetriever<OpenIddictConfiguration>
    {
        public async Task<OpenIddictConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var set = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
            var configuration = new OpenIddictConfiguration { Issuer = issuer, JsonWebKeySetUri = new Uri(address) };
            foreach (var key in set.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            if (configuration.SigningKeys.Count == 0)
            {
                throw new InvalidOperationException($"The JWKS at {address} holds no signing key.");
            }

            return configuration;
        }
    }
}
