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
