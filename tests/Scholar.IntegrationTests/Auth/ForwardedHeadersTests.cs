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
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.8");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
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
