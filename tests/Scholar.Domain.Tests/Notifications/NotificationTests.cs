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

        n.BeginAttempt(Now.AddMinutes(1));
        n.RecordFailedAttempt("503 first", Now.AddSeconds(10), maxAttempts: 2);
        var afterFirst = (n.Status, n.NextAttemptAt);
        n.BeginAttempt(Now.AddMinutes(1));
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
        n.BeginAttempt(Now.AddMinutes(1));
        n.MarkSent("pm-1", Now);

        var resend = Assert.Throws<DomainException>(() => n.BeginAttempt(Now.AddMinutes(1)));
        var record = Assert.Throws<DomainException>(() => n.MarkSent("pm-2", Now));

        Assert.Equal("notification-not-pending", resend.Code);
        Assert.Equal("notification-not-sending", record.Code);
        Assert.Equal("pm-1", n.ProviderMessageId);
    }

    [Fact]
    public void An_attempt_is_marked_sending_under_a_lease_and_numbered_so_a_takeover_gets_a_new_number()
    {
        var n = Queued();

        var first = n.BeginAttempt(Now.AddSeconds(30));
        var leased = (n.Status, n.NextAttemptAt);
        var takeover = n.BeginAttempt(Now.AddSeconds(90));

        Assert.Equal((NotificationStatus.Sending, Now.AddSeconds(30)), leased);
        Assert.Equal((1, 2), (first, takeover));
        Assert.Equal(Now.AddSeconds(90), n.NextAttemptAt);
    }

    [Fact]
    public void A_lost_answer_keeps_the_message_sending_until_the_provider_is_asked()
    {
        var n = Queued();
        n.BeginAttempt(Now.AddSeconds(30));

        n.AwaitConfirmation("no answer in time", Now.AddMinutes(1));

        Assert.Equal(NotificationStatus.Sending, n.Status);
        Assert.Equal(Now.AddMinutes(1), n.NextAttemptAt);
        Assert.Equal("no answer in time", n.LastError);
    }

    [Fact]
    public void A_halted_attempt_is_queued_again_and_not_counted()
    {
        var n = Queued();
        n.BeginAttempt(Now.AddSeconds(30));

        n.Release(Now);

        Assert.Equal((NotificationStatus.Queued, 0, Now), (n.Status, n.Attempts, n.NextAttemptAt));
    }

    [Fact]
    public void A_late_delivery_report_does_not_undo_a_bounce()
    {
        var n = Queued();
        n.BeginAttempt(Now.AddMinutes(1));
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
