using Microsoft.EntityFrameworkCore;
using Scholar.Domain.Notifications;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Notifications;

/// <summary>The sending loop running on its own, with a Postmark call that hangs far longer than the test waits.</summary>
public sealed class RunningSenderFactory : PostmarkFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["NOTIFY_DISPATCH_ENABLED"] = "true",
        ["NOTIFY_DISPATCH_POLL_SECONDS"] = "1",
        ["NOTIFY_SEND_CONCURRENCY"] = "4",
        ["POSTMARK_TIMEOUT_SECONDS"] = "300",
    };
}

public sealed class ParallelSendTests(RunningSenderFactory factory) : IClassFixture<RunningSenderFactory>
{
    [Fact]
    public async Task A_hung_postmark_call_holds_up_only_its_own_message()
    {
        factory.Postmark.Script("hung@example.com", (PostmarkStub.NoAnswer, 0, "never answers"));
        var hung = await factory.QueueWelcomeAsync("hung@example.com");
        await Poll.UntilAsync(() => factory.Postmark.CountTo("hung@example.com") == 1, TimeSpan.FromSeconds(120));

        var others = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            others.Add(await factory.QueueWelcomeAsync($"after-hung-{i}@example.com"));
        }

        await Poll.UntilAsync(async () => await factory.WithDbAsync(db => db.Notifications.CountAsync(n => others.Contains(n.Id) && n.Status == NotificationStatus.Sent)) == others.Count,
            TimeSpan.FromSeconds(120));
        var stuck = await factory.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Id == hung));
        Assert.Equal((NotificationStatus.Sending, 1), (stuck.Status, stuck.Attempts));
    }

}
