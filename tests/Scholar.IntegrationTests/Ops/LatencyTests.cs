using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Ops;
using Scholar.Infrastructure.Ops.Latency;
using Scholar.Infrastructure.Persistence;

namespace Scholar.IntegrationTests.Ops;

/// <summary>A test-only endpoint with a route parameter and a spread of durations.</summary>
public sealed class SlowEchoEndpoint : EndpointWithoutRequest
{
    public const string Template = "/__tests/ops/slow/{ms}";

    public override void Configure()
    {
        Get(Template);
        AllowAnonymous();
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await Task.Delay(Route<int>("ms"), ct);
        await Send.OkAsync(cancellation: ct);
    }
}

public sealed class LatencyTests(OpsApiFactory factory) : IClassFixture<OpsApiFactory>
{
    [Fact]
    public async Task Merged_P95_across_two_instances_equals_the_P95_of_all_raw_durations()
    {
        await using var second = new SecondInstance(factory);
        var clients = new[] { factory.CreateClient(), second.CreateClient() };
        var route = SlowEchoEndpoint.Template;
        const int perInstance = 60;

        // Different spreads per instance, so a merge that kept only one instance would be visibly off.
        for (var i = 0; i < perInstance; i++)
        {
            (await clients[0].GetAsync($"/__tests/ops/slow/{i % 4}")).EnsureSuccessStatusCode();
            (await clients[1].GetAsync($"/__tests/ops/slow/{3 + (i % 9)}")).EnsureSuccessStatusCode();
        }

        await factory.Durations.WaitForAsync(route, perInstance);
        await second.Durations.WaitForAsync(route, perInstance);
        await factory.Services.GetRequiredService<LatencyFlusher>().RunOnceAsync(CancellationToken.None);
        await second.Services.GetRequiredService<LatencyFlusher>().RunOnceAsync(CancellationToken.None);

        var raw = factory.Durations.For(route).Concat(second.Durations.For(route)).Order().ToList();
        Assert.Equal(2 * perInstance, raw.Count);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var instances = await db.RequestLatency.Where(r => r.Route == route).Select(r => r.InstanceId).Distinct().CountAsync();
        Assert.Equal(2, instances);

        var now = DateTimeOffset.UtcNow;
        var report = await scope.ServiceProvider.GetRequiredService<IRequestLatencyReader>()
            .ReadAsync(now.AddHours(-1), now.AddMinutes(1), CancellationToken.None);
        var merged = Assert.Single(report.Routes, r => r.Name == route);

        Assert.Equal(raw.Count, merged.Count);
        AssertWithinPrecision(NearestRank(raw, 95), merged.P95Ms);
        AssertWithinPrecision(NearestRank(raw, 50), merged.P50Ms);
        AssertWithinPrecision(NearestRank(raw, 99), merged.P99Ms);
    }

    [Fact]
    public async Task Flushing_twice_in_one_minute_merges_into_the_same_row()
    {
        var client = factory.CreateClient();
        const string route = "/api/info";
        var before = factory.Durations.For(route).Count;

        (await client.GetAsync(route)).EnsureSuccessStatusCode();
        await factory.Durations.WaitForAsync(route, before + 1);
        var flusher = factory.Services.GetRequiredService<LatencyFlusher>();
        await flusher.RunOnceAsync(CancellationToken.None);
        (await client.GetAsync(route)).EnsureSuccessStatusCode();
        await factory.Durations.WaitForAsync(route, before + 2);
        await flusher.RunOnceAsync(CancellationToken.None);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.RequestLatency.Where(r => r.Route == route).ToListAsync();
        Assert.Equal(factory.Durations.For(route).Count, rows.Sum(r => r.Count));
        Assert.All(rows, r => Assert.Equal(r.Count, LatencyHistograms.Decode(r.Histogram).TotalCount));
    }

    [Fact]
    public async Task Kpis_report_percentiles_per_route_and_for_the_messaging_and_ledger_groups()
    {
        (await factory.CreateClient().GetAsync("/__tests/ops/slow/1")).EnsureSuccessStatusCode();
        await factory.Durations.WaitForAsync(SlowEchoEndpoint.Template, 1);
        await factory.Services.GetRequiredService<LatencyFlusher>().RunOnceAsync(CancellationToken.None);
        var client = (await factory.ClientAsAsync("operator"));

        var kpis = await client.GetFromJsonAsync<JsonElement>("/api/ops/kpis?window=15m");
        var badWindow = await client.GetAsync("/api/ops/kpis?window=2d");

        var latency = kpis.GetProperty("latency");
        Assert.Equal(120, latency.GetProperty("targetP95Ms").GetDouble());
        var route = Assert.Single(latency.GetProperty("routes").EnumerateArray(), r => r.GetProperty("name").GetString() == SlowEchoEndpoint.Template);
        Assert.True(route.GetProperty("p95Ms").GetDouble() >= 1);
        Assert.Equal(["messaging", "ledger"], latency.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.Equal("15m", kpis.GetProperty("window").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badWindow.StatusCode);
    }

    /// <summary>The nearest-rank percentile, as HdrHistogram defines it (rank rounded half up).</summary>
    private static long NearestRank(List<long> sorted, double percentile)
    {
        var rank = Math.Max(1, (long)((percentile / 100.0 * sorted.Count) + 0.5));
        return sorted[(int)rank - 1];
    }

    /// <summary>Three significant digits: the histogram's value is within 0.1 % of the raw one.</summary>
    private static void AssertWithinPrecision(long expectedMicroseconds, double actualMilliseconds)
    {
        var actual = actualMilliseconds * 1000;
        var tolerance = (expectedMicroseconds * 0.001) + 1;
        Assert.True(Math.Abs(actual - expectedMicroseconds) <= tolerance,
            $"expected {expectedMicroseconds} µs ± {tolerance:0.#}, got {actual:0.#} µs");
    }
}
