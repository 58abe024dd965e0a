using Microsoft.EntityFrameworkCore;
using Scholar.Domain.Notifications;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Notifications;

/// <summary>The sending loop running with a poll interval far longer than any test: only a wake-up can start its passes.</summary>
public sealed class WokenSenderFactory : PostmarkFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["NOTIFY_DISPATCH_ENABLED"] = "true",
        ["NOTIFY_DISPATCH_POLL_SECONDS"] = "3600",
    };
}

/// <summary>
/// The loops are woken by the commits of their own process in memory (DispatchWakeUps), not by a NOTIFY
/// inside the writing transaction; DeliverabilityTests covers the NOTIFY sent when no loop runs in the process.
/// </summary>
public sealed class WakeUpTests(WokenSenderFactory factory) : IClassFixture<WokenSenderFactory>
{
    [Fact]
    public async Task Notifications_queued_after_the_loops_first_pass_are_sent_without_waiting_for_the_poll()
    {
        // Several commits, one after another, each after the loop has gone back to waiting.
        for (var i = 0; i < 3; i++)
        {
            var id = await factory.QueueWelcomeAsync($"woken-{i}@example.com");
            await WaitUntilSentAsync(id);
        }
    }

    [Fact]
    public async Task A_burst_of_commits_is_sent_in_full()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => factory.QueueWelcomeAsync($"burst-{i}@example.com")));

        foreach (var id in ids)
        {
            await WaitUntilSentAsync(id);
        }
    }

    /// <summary>Waits for the loop to send it; the deadline (far below the hour-long poll) only keeps a broken build from hanging.</summary>
    private Task WaitUntilSentAsync(Guid id) =>
        Poll.UntilAsync(async () => await factory.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Id == id).Select(n => n.Status).SingleAsync())
            == NotificationStatus.Sent);
}
