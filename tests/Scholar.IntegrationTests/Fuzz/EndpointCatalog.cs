using System.Reflection;
using FastEndpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using Scholar.Web.Security;

namespace Scholar.IntegrationTests.Fuzz;

/// <summary>Which credential a target's happy path needs.</summary>
public enum Credential
{
    Anonymous,
    Student,
    Staff,
    Service,

    /// <summary>Valid Stripe-Signature, X-Scholar-Signature/Timestamp and Postmark Basic auth over the body sent.</summary>
    Signatures,
}

/// <summary>One route of the host and what is known about it at run time.</summary>
/// <param name="Route">The route pattern, e.g. <c>/api/ops/evidence/{paymentId}</c>.</param>
/// <param name="Methods">The methods it answers.</param>
/// <param name="RequestType">The bound request DTO (FastEndpoints), whose property names the generator reuses.</param>
/// <param name="Credential">The credential its happy path needs.</param>
/// <param name="IsOAuth">An OpenID Connect protocol endpoint: its errors are RFC 6749 JSON, not problem details.</param>
public sealed record FuzzTarget(RoutePattern Route, IReadOnlyList<string> Methods, Type? RequestType, Credential Credential, bool IsOAuth)
{
    public override string ToString() => $"{string.Join('|', Methods)} {Route.RawText}";
}

/// <summary>
/// Every public route of the running host, read from its endpoint data source (FastEndpoints,
/// minimal APIs, Razor Pages, health, OpenAPI) plus the URIs OpenIddict serves from its own
/// middleware — so a new endpoint is fuzzed without anyone adding it here.
/// </summary>
public static class EndpointCatalog
{
    public static IReadOnlyList<FuzzTarget> Discover(IServiceProvider services)
    {
        var oauth = OpenIddictUris(services);
        var targets = new Dictionary<string, FuzzTarget>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var definition = endpoint.Metadata.GetMetadata<EndpointDefinition>();

            // Endpoints declared by the test assembly itself (e.g. the deliberate 500 of ProblemDetailsTests) are not the product.
            if (definition?.EndpointType.Assembly == typeof(EndpointCatalog).Assembly)
            {
                continue;
            }

            var raw = endpoint.RoutePattern.RawText ?? "";
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get, HttpMethods.Post];
            var key = "/" + raw.TrimStart('/');
            targets[key] = targets.TryGetValue(key, out var known)
                ? known with { Methods = [.. known.Methods.Union(methods, StringComparer.OrdinalIgnoreCase)] }
                : new FuzzTarget(endpoint.RoutePattern, [.. methods], definition?.ReqDtoType, CredentialFor(endpoint), oauth.Contains(key));
        }

        foreach (var uri in oauth.Where(u => !targets.ContainsKey(u)))
        {
            targets[uri] = new FuzzTarget(RoutePatternFactory.Parse(uri), [HttpMethods.Get, HttpMethods.Post], null, Credential.Anonymous, IsOAuth: true);
        }

        return [.. targets.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Value)];
    }

    /// <summary>Every <c>*EndpointUris</c> list of OpenIddict's server options (configuration, JWKS, token …).</summary>
    private static HashSet<string> OpenIddictUris(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<OpenIddictServerOptions>>().Value;
        return [.. typeof(OpenIddictServerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name.EndsWith("EndpointUris", StringComparison.Ordinal) && typeof(IEnumerable<Uri>).IsAssignableFrom(p.PropertyType))
            .SelectMany(p => (IEnumerable<Uri>)p.GetValue(options)!)
            .Select(u => "/" + (u.IsAbsoluteUri ? u.AbsolutePath : u.OriginalString).TrimStart('/'))];
    }

    private static Credential CredentialFor(RouteEndpoint endpoint)
    {
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (policies.Overlaps([AuthPolicies.Operator, AuthPolicies.CreditsAdmin, AuthPolicies.Ceo, AuthPolicies.MetricsReader]))
        {
            return Credential.Staff;
        }

        if (policies.Contains(AuthPolicies.NotificationsSend))
        {
            return Credential.Service;
        }

        if (policies.Overlaps([AuthPolicies.User, AuthPolicies.Credits, AuthPolicies.AnyCaller]))
        {
            return Credential.Student;
        }

        // Anonymous routes: the webhooks authenticate by signature or Basic auth instead.
        return Credential.Signatures;
    }
}
