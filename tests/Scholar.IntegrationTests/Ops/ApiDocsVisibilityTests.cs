using System.Net;

namespace Scholar.IntegrationTests.Ops;

/// <summary>Outside Development the API reference and /api/info are for operators, unless API_DOCS_PUBLIC=true.</summary>
public sealed class ApiDocsVisibilityTests(ProductionLogsFactory factory) : IClassFixture<ProductionLogsFactory>
{
    public static TheoryData<string> DocsRoutes => ["/openapi/v1.json", "/scalar/v1", "/api/info"];

    [Theory]
    [MemberData(nameof(DocsRoutes))]
    public async Task Production_answers_401_to_an_anonymous_reader(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(DocsRoutes))]
    public async Task Production_with_API_DOCS_PUBLIC_serves_them_to_anyone(string path)
    {
        using var open = factory.WithWebHostBuilder(b => b.UseSetting("API_DOCS_PUBLIC", "true"));

        var response = await open.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>Outside Development, Server-Timing goes to operators only: timings would help enumerate accounts.</summary>
public sealed class ProductionServerTimingTests(ProductionLogsFactory factory) : IClassFixture<ProductionLogsFactory>
{
    [Fact]
    public async Task Production_sends_no_Server_Timing_to_an_anonymous_caller()
    {
        var response = await factory.CreateClient().GetAsync("/healthz");

        Assert.True(response.IsSuccessStatusCode);
        Assert.False(response.Headers.Contains("Server-Timing"));
    }

    [Fact]
    public async Task Production_forgot_password_answers_alike_for_unknown_emails_without_timings()
    {
        using var client = factory.CreateClient();
        var unknown = await client.PostAsync("/api/auth/password/forgot",
            new StringContent("""{"email":"nobody-at-all@scholar.test"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.False(unknown.Headers.Contains("Server-Timing"));
    }
}
