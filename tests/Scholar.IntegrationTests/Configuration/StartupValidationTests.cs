using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Scholar.IntegrationTests.Configuration;

public sealed class StartupValidationTests
{
    [Fact]
    public void Production_refuses_to_start_without_required_settings_and_names_them_without_values()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("DATABASE_URL", "postgres://scholar:very-secret-pw@127.0.0.1:1/scholar");
            b.UseSetting("SCHOLAR_APPS", "scholarship_api");
        });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("AUTH_JWKS_URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("CORS_ALLOWED_ORIGINS", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("STRIPE_SECRET_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_app_in_SCHOLAR_APPS_stops_start_up()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("SCHOLAR_APPS", "scholarship_api,scholar_payments");
        });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("scholar_payments", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SCHOLAR_APPS_selects_the_hosted_apps()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("SCHOLAR_APPS", "auto_com_center, scholarship_api");
        });

        var info = await factory.CreateClient().GetFromJsonAsync<InfoResponse>("/api/info");

        Assert.Equal(["scholarship_api", "auto_com_center"], info!.Apps);
    }

    [Fact]
    public async Task Endpoints_of_apps_not_hosted_are_not_served()
    {
        await using var database = await Infrastructure.TestDatabase.CreateAsync();
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("DATABASE_URL", database.ConnectionString);
            b.UseSetting("SCHOLAR_APPS", "scholarship_api");
        });
        var client = factory.CreateClient();

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/api/packages")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.PostAsync("/webhooks/stripe", null)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.PostAsync("/api/send", null)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/api/credits/balance")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/info")).StatusCode);
    }

    private sealed record InfoResponse(string Service, string Version, string[] Apps);
}
