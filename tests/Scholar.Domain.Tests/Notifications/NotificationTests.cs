using Scholar.Domain.Common;
using Scholar.Domain.Notifications;

namespace Scholar.Domain.Tests.Notifications;

public sealed class NotificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    private static Notification Queued() =>
        Notification.Queue("welcome", "ada@example.com", new Dictionary<string, string> { ["name"] = "Ada" }, "k1", Now);

    [Fact]
    public void Transient_failures_retry_until_the_attempt_limit_then_fail_with_the_last_error()
    {
        var n = Queued();

        n.RecordFailedAttempt("503 first", Now.AddSeconds(10), maxAttempts: 2);
        var afterFirst = (n.Status, n.NextAttemptAt);
        n.RecordFailedAttempt("503 second", Now.AddSeconds(30), maxAttempts: 2);

        Assert.Equal((NotificationStatus.Queued, Now.AddSeconds(10)), afterFirst);
        Assert.Equal(NotificationStatus.Failed, n.Status);
        Assert.Equal(2, n.Attempts);
        Assert.Equal("503 second", n.LastError);
    }

    [Fact]
    public void A_sent_notification_cannot_be_sent_again()
    {
        var n = Queued();
        n.MarkSent("pm-1", Now);

        var error = Assert.Throws<DomainException>(() => n.MarkSent("pm-2", Now));

        Assert.Equal("notification-not-queued", error.Code);
        Assert.Equal("pm-1", n.ProviderMessageId);
    }

    [Fact]
    public void A_late_delivery_report_does_not_undo_a_bounce()
    {
        var n = Queued();
        n.MarkSent("pm-1", Now);

        n.ApplyProviderOutcome(NotificationStatus.Bounced);
        n.ApplyProviderOutcome(NotificationStatus.Delivered);

        Assert.Equal(NotificationStatus.Bounced, n.Status);
    }

    [Fact]
    public void A_provider_cannot_report_that_a_message_is_queued()
    {
        var n = Queued();

        Assert.Throws<DomainException>(() => n.ApplyProviderOutcome(NotificationStatus.Queued));
    }
}
