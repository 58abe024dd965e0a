using System.Net;
using System.Text.Json;
using FastEndpoints;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Errors;

/// <summary>Throws an exception whose message must never reach the caller.</summary>
public sealed class ThrowingEndpoint : EndpointWithoutRequest
{
    public const string Route = "/__tests/throw";
    public const string SecretMessage = "connection password=hunter2 exploded";

    public override void Configure()
    {
        Get(Route);
        AllowAnonymous();
    }

    public override Task HandleAsync(CancellationToken ct) => throw new InvalidOperationException(SecretMessage);
}

public sealed class ProblemDetailsTests(ScholarApiFactory factory) : IClassFixture<ScholarApiFactory>
{
    [Fact]
    public async Task Unhandled_exception_is_a_500_problem_without_internals()
    {
        var response = await factory.CreateClient().GetAsync(ThrowingEndpoint.Route);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text);
        Assert.Equal(500, body.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem_with_trace_id()
    {
        var response = await factory.CreateClient().GetAsync("/api/does-not-exist");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("traceId").GetString()));
    }
}
