using System.Globalization;
using System.Net;

namespace Scholar.IntegrationTests.Ops;

public sealed class ServerTimingTests(OpsApiFactory factory) : IClassFixture<OpsApiFactory>
{
    [Fact]
    public async Task An_answer_carries_the_time_the_host_spent_on_it_as_Server_Timing()
    {
        var response = await factory.CreateClient().GetAsync("/__tests/ops/slow/40");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var timing = Assert.Single(response.Headers.GetValues("Server-Timing"));
        Assert.StartsWith("app;dur=", timing, StringComparison.Ordinal);
        var milliseconds = double.Parse(timing["app;dur=".Length..], CultureInfo.InvariantCulture);
        Assert.InRange(milliseconds, 40, double.MaxValue);
    }

    [Fact]
    public async Task A_path_that_matches_no_endpoint_carries_no_Server_Timing()
    {
        var response = await factory.CreateClient().GetAsync("/no/such/path");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("Server-Timing"));
    }
}
