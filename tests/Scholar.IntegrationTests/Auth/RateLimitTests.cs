using System.Net;
using System.Net.Http.Json;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Auth;

public sealed class RateLimitedFactory : ScholarApiFactory
{
    public const int PerMinute = 3;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["AUTH_RATE_LIMIT_PER_MINUTE"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class RateLimitTests(RateLimitedFactory factory) : IClassFixture<RateLimitedFactory>
{
    [Fact]
    public async Task Forgot_answers_429_with_Retry_After_once_the_limit_is_spent()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < RateLimitedFactory.PerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/auth/password/forgot", new { email = "someone@scholar.test" })).StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/password/forgot", new { email = "someone@scholar.test" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/pilot/signup")]
    [InlineData("/pilot/forgot-password")]
    [InlineData("/pilot/reset-password")]
    public async Task Student_app_forms_that_take_credentials_or_send_email_share_the_credential_limit(string page)
    {
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= RateLimitedFactory.PerMinute; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "someone@scholar.test" });
            statuses.Add((await client.PostAsync(page, form)).StatusCode);
        }

        // The limiter runs before the page (and its antiforgery check): refused posts count too.
        Assert.All(statuses.Take(RateLimitedFactory.PerMinute), s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Token_endpoint_is_limited_separately_from_other_endpoints()
    {
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= RateLimitedFactory.PerMinute; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = "scholar_cli",
                ["username"] = "nobody@scholar.test",
                ["password"] = "Wrong-password-000",
            });
            statuses.Add((await client.PostAsync("/connect/token", form)).StatusCode);
        }

        Assert.All(statuses.Take(RateLimitedFactory.PerMinute), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}

/// <summary>Each test spends a fresh limit: the partition is the endpoint × the client address, and each test gets its own host.</summary>
public sealed class RateLimitSpellingTests
{
    public static TheoryData<string, string> Spellings => new()
    {
        { "/api/auth/password/forgot", "/api/auth/password/forgot/" },
        { "/api/auth/password/forgot", "/API/Auth/Password/Forgot" },
        { "/api/auth/password/forgot", "/api/auth/password/%66orgot" },
        { "/api/auth/signup", "/api/auth/signup/" },
        { "/api/auth/signup", "/Api/Auth/SIGNUP" },
        { "/connect/token", "/connect/token/" },
        { "/connect/token", "/CONNECT/Token" },
        { "/connect/token", "/connect/%74oken" },
        { "/account/login", "/Account/Login/" },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task Every_spelling_of_an_endpoint_shares_its_limit(string canonical, string spelling)
    {
        await using var factory = new RateLimitedFactory();
        await ((Xunit.IAsyncLifetime)factory).InitializeAsync();
        try
        {
            var client = factory.CreateClient();
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < RateLimitedFactory.PerMinute; i++)
            {
                statuses.Add((await client.SendAsync(Post(i % 2 == 0 ? canonical : spelling))).StatusCode);
            }

            Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(Post(spelling))).StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(Post(canonical))).StatusCode);
        }
        finally
        {
            await ((Xunit.IAsyncLifetime)factory).DisposeAsync();
        }
    }

    [Fact]
    public async Task A_double_slash_does_not_reach_an_unlimited_endpoint()
    {
        await using var factory = new RateLimitedFactory();
        await ((Xunit.IAsyncLifetime)factory).InitializeAsync();
        try
        {
            var client = factory.CreateClient();
            foreach (var path in new[] { "//api/auth/password/forgot", "/api//auth/password/forgot", "//connect/token", "/connect//token" })
            {
                var statuses = new List<HttpStatusCode>();
                for (var i = 0; i <= RateLimitedFactory.PerMinute; i++)
                {
                    statuses.Add((await client.SendAsync(Post(path))).StatusCode);
                }

                // Either the spelling routes nowhere, or it is limited like the endpoint.
                Assert.True(statuses.All(s => s == HttpStatusCode.NotFound) || statuses[^1] == HttpStatusCode.TooManyRequests,
                    $"{path}: {string.Join(", ", statuses)}");
            }
        }
        finally
        {
            await ((Xunit.IAsyncLifetime)factory).DisposeAsync();
        }
    }

    private static HttpRequestMessage Post(string path) => new(HttpMethod.Post, path)
    {
        Content = path.Contains("token", StringComparison.OrdinalIgnoreCase)
            ? new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = "scholar_cli",
                ["username"] = "nobody@scholar.test",
                ["password"] = "Wrong-password-000",
            })
            : JsonContent.Create(new { email = "someone@scholar.test", password = "Long-enough-password-1!" }),
    };
}
