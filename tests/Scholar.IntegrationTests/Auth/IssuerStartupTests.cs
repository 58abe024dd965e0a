using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Scholar.Infrastructure.Auth.Keys;

using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Auth;

public sealed class IssuerStartupTests
{
    [Fact]
    public void Production_without_signing_keys_refuses_to_start_and_names_OIDC_SIGNING_KEY()
    {
        using var factory = ProductionIssuer(signingKey: null);

        var error = StartupFailure.MessagesOf(() => factory.CreateClient());

        Assert.Contains("OIDC_SIGNING_KEY", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_refuses_a_development_key_without_echoing_it()
    {
        var developmentKey = PemKeys.Generate();
        using var factory = ProductionIssuer(signingKey: developmentKey);

        var error = StartupFailure.MessagesOf(() => factory.CreateClient());

        Assert.Contains("OIDC_SIGNING_KEY holds a development key", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_without_SESSION_SECRET_refuses_to_start_and_names_it()
    {
        using var factory = ProductionIssuer(signingKey: null, sessionSecret: null);

        var error = StartupFailure.MessagesOf(() => factory.CreateClient());

        Assert.Contains("SESSION_SECRET", error, StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> ProductionIssuer(string? signingKey, string? sessionSecret = "a-session-secret") =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("SCHOLAR_APPS", "scholar_auth");
            b.UseSetting("DATABASE_URL", "postgres://scholar:scholar@127.0.0.1:1/scholar");
            b.UseSetting("APP_BASE_URL", "https://auth.scholar.test");
            b.UseSetting("OIDC_ISSUER", "https://auth.scholar.test/");
            if (sessionSecret is not null)
            {
                b.UseSetting("SESSION_SECRET", sessionSecret);
            }

            b.UseSetting("OIDC_ENCRYPTION_KEY", PemKeys.Generate().Split('\n', 2)[1]);
            if (signingKey is not null)
            {
                b.UseSetting("OIDC_SIGNING_KEY", signingKey);
            }
        });
}
