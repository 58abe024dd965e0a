using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Infrastructure.Persistence;

namespace Scholar.IntegrationTests.Ops;

public sealed class ValidationRunsTests(OpsApiFactory factory) : IClassFixture<OpsApiFactory>
{
    private sealed record Run(Guid Id, DateTimeOffset StartedAt, DateTimeOffset EndsAt, string StartedBy, bool Sandbox,
        DateTimeOffset? StoppedAt, string? StoppedBy, bool Active);

    [Fact]
    public async Task Start_list_and_stop_a_run_with_each_action_in_the_audit_log()
    {
        var (client, operatorId) = await factory.SignInAsync("operator");

        var started = await client.PostAsJsonAsync("/api/ops/validation-runs", new { sandbox = true });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var run = (await started.Content.ReadFromJsonAsync<Run>())!;
        Assert.Equal(TimeSpan.FromMinutes(60), run.EndsAt - run.StartedAt);
        Assert.True(run is { Sandbox: true, Active: true } && run.StartedBy == $"user:{operatorId}");

        var second = await client.PostAsJsonAsync("/api/ops/validation-runs", new { sandbox = false });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("validation-run-active", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var listed = await client.GetFromJsonAsync<List<Run>>("/api/ops/validation-runs");
        Assert.Contains(listed!, r => r.Id == run.Id && r.Active);

        var stopped = await client.PostAsync($"/api/ops/validation-runs/{run.Id}/stop", null);
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.False((await stopped.Content.ReadFromJsonAsync<Run>())!.Active);

        var again = await client.PostAsync($"/api/ops/validation-runs/{run.Id}/stop", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var audit = await db.AuditLog.Where(a => a.Subject == $"validation_run:{run.Id}").OrderBy(a => a.At).ToListAsync();
        Assert.Equal(["validation_run.started", "validation_run.stopped"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal($"user:{operatorId}", a.Actor));
    }

    [Fact]
    public async Task Stopping_an_unknown_run_is_a_404_and_students_may_not_start_runs()
    {
        var missing = await (await factory.ClientAsAsync("operator")).PostAsync($"/api/ops/validation-runs/{Guid.NewGuid()}/stop", null);
        var student = await (await factory.ClientAsAsync("student")).PostAsJsonAsync("/api/ops/validation-runs", new { sandbox = true });

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, student.StatusCode);
    }

    [Fact]
    public async Task Metrics_scrape_is_operator_only_and_exposes_http_and_runtime_meters()
    {
        await factory.CreateClient().GetAsync("/api/info");

        var anonymous = await factory.CreateClient().GetAsync("/metrics");
        var student = await (await factory.ClientAsAsync("student")).GetAsync("/metrics");
        var scrape = await (await factory.ClientAsAsync("operator")).GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, student.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/api/info\"", text, StringComparison.Ordinal);
    }
}
