using System.Net;
using Scholar.Application.Hosting;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Payments;

/// <summary>The student_pilot pages exist only where student_pilot is hosted; elsewhere they are 404 like its endpoints.</summary>
public sealed class PilotHostingTests : IClassFixture<ScholarApiFactory>, IClassFixture<PilotHostingTests.ScholarshipApiOnlyHost>
{
    private readonly ScholarApiFactory _all;
    private readonly ScholarshipApiOnlyHost _apiOnly;

    public PilotHostingTests(ScholarApiFactory all, ScholarshipApiOnlyHost apiOnly)
    {
        _all = all;
        _apiOnly = apiOnly;
    }

    [Fact]
    public async Task Public_pilot_pages_are_served_where_student_pilot_is_hosted()
    {
        using var client = _all.CreateClient();

        var home = await client.GetAsync("/pilot");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Buy credits", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pilot/signup")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pilot/forgot-password")).StatusCode);
    }

    [Theory]
    [InlineData("/pilot")]
    [InlineData("/pilot/signup")]
    [InlineData("/pilot/credits")]
    [InlineData("/pilot/signin-oidc")]
    [InlineData("/sandbox/checkout/cs_test_sandbox_unknown")]
    public async Task Pilot_and_sandbox_pages_are_404_where_their_apps_are_not_hosted(string path)
    {
        using var client = _apiOnly.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    public sealed class ScholarshipApiOnlyHost : ScholarApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings =>
            new Dictionary<string, string?>
            {
                ["SCHOLAR_APPS"] = ScholarApps.ScholarshipApi,

                // Another process would be the issuer; nothing here calls it.
                ["SCHOLAR_AUTH_BASE_URL"] = "http://127.0.0.1:9",
            };
    }
}
