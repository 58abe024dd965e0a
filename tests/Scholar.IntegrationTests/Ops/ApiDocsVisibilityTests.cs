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
