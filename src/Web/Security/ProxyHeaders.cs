using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Scholar.Web.Security;

/// <summary>
/// Behind a TLS-terminating proxy the socket says http and the proxy's address: OpenIddict, cookies
/// and the per-address rate limits need the client's. Either
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> (ASP.NET Core then trusts X-Forwarded-For/-Proto
/// from any source: only when nothing but the proxy can reach the process), or
/// <c>FORWARDED_KNOWN_PROXIES</c> (addresses or CIDR networks whose X-Forwarded-* are trusted).
/// </summary>
public static class ProxyHeaders
{
    public const string KnownProxiesSetting = "FORWARDED_KNOWN_PROXIES";

    /// <summary>First in the pipeline, so everything after sees the client's scheme and address.</summary>
    public static WebApplication UseKnownProxies(this WebApplication app)
    {
        var entries = (app.Configuration[KnownProxiesSetting] ?? "")
            .Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in entries)
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            }
            else
            {
                options.KnownProxies.Add(IPAddress.Parse(entry));
            }
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
