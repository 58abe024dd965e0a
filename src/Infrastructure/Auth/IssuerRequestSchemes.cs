using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

namespace Scholar.Infrastructure.Auth;

/// <summary>
/// The authentication schemes of the issuer's process, with OpenIddict's server offered as a request
/// handler only to requests under one of its endpoints' first path segments (<c>/connect</c>,
/// <c>/.well-known</c>). ASP.NET Core's authentication middleware hands every request to every request
/// handler first; OpenIddict's server answers "not mine" to an API request only after running its
/// event pipeline, which cost 7 % of a balance read's CPU and 3 % of a webhook's in the profile
/// (docs/performance-history.md). A request it would handle always falls under those segments, so it
/// sees every one of them, as before.
/// </summary>
public sealed class IssuerRequestSchemes(
    IOptions<AuthenticationOptions> options, IOptions<OpenIddictServerOptions> server, IHttpContextAccessor http)
    : AuthenticationSchemeProvider(options)
{
    private readonly Lazy<PathString[]> _issuerSegments = new(() => FirstSegments(server.Value));
    private IEnumerable<AuthenticationScheme>? _withoutServer;

    public override async Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync()
    {
        var all = await base.GetRequestHandlerSchemesAsync();
        if (http.HttpContext?.Request is not { } request || IsUnderIssuerEndpoints(request))
        {
            return all;
        }

        // Schemes are registered at start-up and never removed here, so the filtered list is kept.
        return _withoutServer ??= [.. all.Where(s => s.Name != OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)];
    }

    private bool IsUnderIssuerEndpoints(HttpRequest request)
    {
        var path = request.PathBase.Add(request.Path);
        return _issuerSegments.Value.Any(segment => path.StartsWithSegments(segment, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The first path segment of every endpoint the server is configured with (all its <c>…EndpointUris</c> lists).</summary>
    private static PathString[] FirstSegments(OpenIddictServerOptions server) =>
    [
        .. typeof(OpenIddictServerOptions).GetProperties()
            .Where(p => p.Name.EndsWith("EndpointUris", StringComparison.Ordinal) && p.PropertyType == typeof(List<Uri>))
            .SelectMany(p => (List<Uri>)p.GetValue(server)!)
            .Select(uri => (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString).Trim('/'))
            .Where(path => path.Length > 0)
            .Select(path => new PathString("/" + path.Split('/')[0]))
            .Distinct(),
    ];
}
