using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Health;

public sealed class HealthTests(ScholarApiFactory factory) : IClassFixture<ScholarApiFactory>
{
    [Fact]
    public async Task Healthz_answers_200_without_touching_dependencies()
    {
        var response = await factory.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Empty(body.RootElement.GetProperty("entries").EnumerateObject());
    }

    [Fact]
    public async Task Readyz_reports_postgres_and_migrations_healthy()
    {
        var response = await factory.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var entries = body.RootElement.GetProperty("entries");
        Assert.Equal("Healthy", entries.GetProperty("postgres").GetProperty("status").GetString());
        Assert.Equal("Healthy", entries.GetProperty("migrations").GetProperty("status").GetString());
        Assert.True(entries.GetProperty("postgres").GetProperty("durationMs").GetDouble() >= 0);
    }
}

public sealed class HealthWithDatabaseDownTests : IAsyncLifetime
{
    // Nothing listens on port 1, so every connection attempt is refused.
    private const string UnreachableUrl = "postgres://scholar:not-the-password@127.0.0.1:1/scholar";

    private readonly WebApplicationFactory<Program> _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseEnvironment("Development");
        b.UseSetting("DATABASE_URL", UnreachableUrl);
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Readyz_answers_503_while_healthz_stays_200()
    {
        using var client = _factory.CreateClient();

        var ready = await client.GetAsync("/readyz");
        var live = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var text = await ready.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("entries").GetProperty("postgres").GetProperty("status").GetString());
        Assert.DoesNotContain("not-the-password", text, StringComparison.Ordinal);
    }
}
