using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scholar.Application.Auth;
using Scholar.Infrastructure.Auth;
using Scholar.Infrastructure.Notifications.Signing;
using Scholar.Web.Security;

namespace Scholar.Web.ApiReference;

/// <summary>
/// How a caller proves who it is, as the document says it: a bearer JWT from scholar_auth (obtained
/// through the issuer's OAuth 2.0 endpoints, whose URLs are this deployment's), or for the
/// notification endpoints the HMAC signature of the body. Each operation that requires authorization
/// lists these as alternatives, with the scopes its policy asks for.
/// </summary>
public sealed class SecuritySchemes(IOptions<AuthSettings> settings, IConfiguration configuration) : IOpenApiDocumentTransformer
{
    public const string Bearer = "bearer";
    public const string OAuth2 = "oauth2";
    public const string Signature = "notifySignature";

    private static readonly Dictionary<string, string> ScopeDescriptions = new()
    {
        [Scopes.Credits] = "The signed-in student's own balance, ledger and consumption (/api/credits/*).",
        [Scopes.CreditsAdmin] = "Any user's ledger and manual entries (/api/ledger/*); staff and trusted services.",
        [Scopes.Ops] = "The ops API (/api/ops/*), with role operator or ceo.",
        [Scopes.OpsMetrics] = "/metrics only (the Prometheus scraper).",
        [Scopes.NotificationsSend] = "Queue notifications (/api/send) and read their state.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);

        // The issuer as callers reach it: this process, or scholar_auth elsewhere in the split topology.
        var auth = settings.Value;
        var issuer = AuthRegistration.HostsIssuer(configuration) ? auth.IssuerUri : auth.RemoteIssuer ?? auth.IssuerUri;
        var tokenUrl = new Uri(issuer, "connect/token");

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = $"An access token from Scholar's issuer ({tokenUrl}).",
        };
        document.Components.SecuritySchemes[OAuth2] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Scholar's issuer (scholar_auth): authorization code with PKCE for people, client credentials for services.",
            Flows = new OpenApiOAuthFlows
            {
                AuthorizationCode = new OpenApiOAuthFlow
                {
                    AuthorizationUrl = new Uri(issuer, "connect/authorize"),
                    TokenUrl = tokenUrl,
                    Scopes = ScopeDescriptions,
                },
                ClientCredentials = new OpenApiOAuthFlow { TokenUrl = tokenUrl, Scopes = ScopeDescriptions },
            },
        };
        document.Components.SecuritySchemes[Signature] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = NotifySignature.SignatureHeader,
            Description = $"{NotifySignature.Version}<hex HMAC-SHA256(NOTIFY_WEBHOOK_SECRET, \"{{timestamp}}.{{raw body}}\")>, "
                + $"with the Unix time in {NotifySignature.TimestampHeader} (±{NotifySignature.Tolerance.TotalSeconds:0} s).",
        };
        return Task.CompletedTask;
    }

    /// <summary>
    /// The alternatives that satisfy an endpoint that requires authorization (none when it is anonymous):
    /// a bearer token, the OAuth 2.0 scopes of each of its policies' scope sets, and the body signature
    /// where the endpoint accepts that scheme.
    /// </summary>
    public static List<OpenApiSecurityRequirement> RequirementsFor(IEnumerable<object> metadata, OpenApiDocument document)
    {
        var endpoint = metadata.ToList();
        var authorize = endpoint.OfType<IAuthorizeData>().ToList();
        if (authorize.Count == 0 || endpoint.OfType<IAllowAnonymous>().Any())
        {
            return [];
        }

        var requirements = new List<OpenApiSecurityRequirement> { new() { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] } };
        var scopeSets = authorize.Select(a => a.Policy).OfType<string>()
            .SelectMany(AuthPolicies.ScopeAlternatives)
            .Where(s => s.Length > 0)
            .DistinctBy(s => string.Join(' ', s))
            .DefaultIfEmpty([]);
        foreach (var scopes in scopeSets)
        {
            requirements.Add(new() { [new OpenApiSecuritySchemeReference(OAuth2, document)] = [.. scopes] });
        }

        if (authorize.Any(a => a.AuthenticationSchemes?.Split(',').Contains(NotifySignatureAuthenticationHandler.SchemeName) == true))
        {
            requirements.Add(new() { [new OpenApiSecuritySchemeReference(Signature, document)] = [] });
        }

        return requirements;
    }
}
