using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Errors;

/// <summary>Body limits hold before authentication, with or without Content-Length (DESIGN.md 10.2).</summary>
public sealed class BodyLimitTests(ScholarApiFactory factory) : IClassFixture<ScholarApiFactory>
{
    [Theory]
    [InlineData("/api/send", 64 * 1024, false)]
    [InlineData("/api/send", 64 * 1024, true)]
    [InlineData("/send-notification", 64 * 1024, true)]
    [InlineData("/webhooks/stripe", 512 * 1024, false)]
    [InlineData("/webhooks/stripe", 512 * 1024, true)]
    [InlineData("/webhooks/postmark", 256 * 1024, false)]
    [InlineData("/webhooks/postmark", 256 * 1024, true)]
    [InlineData("/api/auth/signup", 64 * 1024, true)]
    [InlineData("/api/ledger/entries", 64 * 1024, true)]
    [InlineData("/connect/token", 64 * 1024, false)]
    public async Task A_body_past_the_limit_is_a_413_problem_before_any_credential_is_checked(string path, int limit, bool chunked)
    {
        var response = await PostAsync(path, limit + 1, chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(413, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains($"{limit / 1024} KiB", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/send", 64 * 1024)]
    [InlineData("/webhooks/stripe", 512 * 1024)]
    public async Task A_body_at_the_limit_reaches_authentication(string path, int limit)
    {
        var response = await PostAsync(path, limit, chunked: true);

        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, int size, bool chunked)
    {
        // A JSON string of exactly `size` bytes.
        var bytes = Encoding.UTF8.GetBytes("\"" + new string('x', size - 2) + "\"");
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = chunked ? new StreamContent(new UnseekableStream(bytes)) : new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await factory.CreateClient().SendAsync(request);
    }
}
