using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Auth;

/// <summary>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, as a host behind a TLS proxy is configured.</summary>
public sealed class ForwardedHeadersFactory : ScholarApiFactory
{
    public const int PerMinute = 2;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("FORWARDEDHEADERS_ENABLED", "true");
        builder.UseSetting("AUTH_RATE_LIMIT_PER_MINUTE", PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class ForwardedHeadersTests(ForwardedHeadersFactory factory) : IClassFixture<ForwardedHeadersFactory>
{
    [Fact]
    public async Task X_Forwarded_For_gives_each_client_behind_the_proxy_its_own_rate_limit()
    {
        var client = factory.CreateClient();
        async Task<HttpStatusCode> ForgotAsync(string clientAddress)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/password/forgot") { Content = JsonContent.Create(new { email = "proxy@scholar.test" }) };
            request.Headers.Add("X-Forwarded-For", clientAddress);
            request.Headers.Add("X-Forwarded-Proto", "https");
            return (await client.SendAsync(request)).StatusCode;
        }

        for (var i = 0; i < ForwardedHeadersFactory.PerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await ForgotAsync("203.0.113.7"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await ForgotAsync("203.0.113.7"));
        Assert.Equal(HttpStatusCode.Accepted, await ForgotAsync("198.51.100.9"));
    }

    [Fact]
    public async Task X_Forwarded_Proto_https_makes_the_cookies_secure()
    {
        var cookies = await LoginPageCookiesThroughTlsProxyAsync(factory.CreateClient());

        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The login page's cookies, asked for as a TLS proxy forwards a client's request.</summary>
    public static async Task<List<string>> LoginPageCookiesThroughTlsProxyAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.8");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        return cookies;
    }

    [Fact]
    public async Task Without_the_setting_forwarded_headers_are_ignored()
    {
        await using var plain = new ScholarApiFactory();
        await plain.InitializeAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await plain.CreateClient().SendAsync(request);

        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
        await ((IAsyncLifetime)plain).DisposeAsync();
    }
}

/// <summary>FORWARDED_KNOWN_PROXIES on a real socket (Kestrel on 127.0.0.1): the proxy is the connection's peer.</summary>
public sealed class KnownProxyFactory : ScholarApiFactory
{
    private readonly string _proxies;

    public KnownProxyFactory(string proxies)
    {
        _proxies = proxies;
        UseKestrel(LoopbackPort.Free());
    }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["FORWARDED_KNOWN_PROXIES"] = _proxies };
}

public sealed class KnownProxyTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.0.0.0/8, 127.0.0.0/8", true)]
    [InlineData("10.9.9.9", false)]
    public async Task Forwarded_headers_count_only_when_the_peer_is_a_known_proxy(string proxies, bool trusted)
    {
        await using var host = new KnownProxyFactory(proxies);
        await host.InitializeAsync();

        var cookies = await ForwardedHeadersTests.LoginPageCookiesThroughTlsProxyAsync(host.CreateClient());

        Assert.All(cookies, c => Assert.Equal(trusted, c.Contains("secure", StringComparison.OrdinalIgnoreCase)));
        await ((IAsyncLifetime)host).DisposeAsync();
    }
}
