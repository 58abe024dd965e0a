using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Domain.Ops;
using Scholar.Infrastructure.Ops.Latency;
using Scholar.Infrastructure.Persistence;

namespace Scholar.IntegrationTests.Ops;

public sealed class ShortLatencyRetentionFactory : OpsApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [LatencyRetention.RetentionDaysSetting] = "3",
    };
}

public sealed class LatencyRetentionTests(ShortLatencyRetentionFactory factory) : IClassFixture<ShortLatencyRetentionFactory>
{
    [Fact]
    public async Task Purge_deletes_latency_minutes_older_than_the_configured_retention_and_keeps_the_rest()
    {
        const string route = "/__tests/ops/retention";
        var now = RequestLatencyMinute.MinuteOf(DateTimeOffset.UtcNow);
        DateTimeOffset[] kept = [now, now.AddDays(-2), now.AddDays(-3).AddMinutes(1)];
        DateTimeOffset[] expired = [now.AddDays(-3).AddMinutes(-1), now.AddDays(-20)];
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var minute in kept.Concat(expired))
            {
                db.RequestLatency.Add(new RequestLatencyMinute
                {
                    Route = route, Minute = minute, InstanceId = "retention-test", Count = 1, Histogram = LatencyHistograms.Encode(LatencyHistograms.Create()),
                });
            }

            await db.SaveChangesAsync();
        }

        var retention = factory.Services.GetRequiredService<LatencyRetention>();
        var purged = await retention.PurgeAsync(CancellationToken.None);

        Assert.Equal(TimeSpan.FromDays(3), retention.Retention);
        Assert.Equal(expired.Length, purged);
        await using var check = factory.Services.CreateAsyncScope();
        var left = await check.ServiceProvider.GetRequiredService<AppDbContext>().RequestLatency.AsNoTracking()
            .Where(r => r.Route == route).Select(r => r.Minute).ToListAsync();
        Assert.Equal(kept.Order(), left.Order());
    }
}
