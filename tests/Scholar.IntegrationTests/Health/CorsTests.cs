using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Health;

public sealed class CorsFactory : ScholarApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CORS_ALLOWED_ORIGINS"] = "https://app.scholar.test, https://admin.scholar.test",
    };
}

public sealed class CorsTests(CorsFactory factory) : IClassFixture<CorsFactory>
{
    [Fact]
    public async Task Allowed_origin_gets_cors_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/info");
        request.Headers.Add("Origin", "https://admin.scholar.test");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal("https://admin.scholar.test", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Other_origin_gets_no_cors_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/info");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
