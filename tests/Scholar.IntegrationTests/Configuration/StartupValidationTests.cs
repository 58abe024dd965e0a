using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Scholar.Infrastructure;
using Scholar.Infrastructure.Configuration;

using Scholar.IntegrationTests.Infrastructure;

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

        var error = StartupFailure.MessagesOf(() => factory.CreateClient());

        Assert.Contains("AUTH_JWKS_URL", error, StringComparison.Ordinal);
        Assert.Contains("CORS_ALLOWED_ORIGINS", error, StringComparison.Ordinal);
        Assert.DoesNotContain("STRIPE_SECRET_KEY", error, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-pw", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_settings_read_without_starting_a_host_need_only_what_is_used()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DATABASE_URL"] = "postgres://u:p@127.0.0.1/scholar" })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production })
            .AddLogging()
            .AddInfrastructure(configuration);
        using var provider = services.BuildServiceProvider();

        // What the migrate verb reads: nothing about Stripe or Postmark is demanded.
        var settings = provider.GetRequiredService<IOptions<ScholarSettings>>().Value;
        // What a serving host validates at start: every required name.
        var error = Assert.Throws<OptionsValidationException>(() =>
            provider.GetRequiredService<IOptionsMonitor<ScholarSettings>>().Get(RequiredSettingsValidator.Startup));

        Assert.Equal("postgres://u:p@127.0.0.1/scholar", settings.DatabaseUrl);
        Assert.Contains("STRIPE_SECRET_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_app_in_SCHOLAR_APPS_stops_start_up()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("SCHOLAR_APPS", "scholarship_api,scholar_payments");
        });

        var error = StartupFailure.MessagesOf(() => factory.CreateClient());

        Assert.Contains("scholar_payments", error, StringComparison.Ordinal);
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
