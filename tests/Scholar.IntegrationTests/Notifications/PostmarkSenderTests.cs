using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Notifications.SendNotification;
using Scholar.Application.Ops.EmailSending;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Notifications.Delivery;

namespace Scholar.IntegrationTests.Notifications;

public class PostmarkFactory : NotificationsFactory
{
    public PostmarkStub Postmark { get; } = PostmarkStub.Start();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["POSTMARK_SERVER_TOKEN"] = "POSTMARK_API_TEST",
        ["POSTMARK_API_BASE_URL"] = Postmark.BaseUrl,
        ["POSTMARK_TIMEOUT_SECONDS"] = "1",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Postmark.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Queues a welcome email through the real <c>/api/send</c> handler.</summary>
    public async Task<Guid> QueueWelcomeAsync(string to)
    {
        await using var scope = Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<SendNotificationHandler>();
        var result = await handler.HandleAsync(new SendNotificationCommand("welcome", to, new Dictionary<string, string> { ["name"] = "Ada" }, null), default);
        return result.Id;
    }
}

public sealed class PostmarkSenderTests(PostmarkFactory factory) : IClassFixture<PostmarkFactory>
{
    private NotificationSendingLoop Sender => factory.Service<NotificationSendingLoop>();

    private Task<Guid> QueueAsync(string to) => factory.QueueWelcomeAsync(to);

    private Task<Notification> LoadAsync(Guid id) => factory.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id));

    private Task<List<string>> AttemptOutcomesAsync(Guid id) => factory.WithDbAsync(db => db.DeliveryAttempts
        .Where(a => a.Key == id.ToString() && a.Hop == DeliveryAttempt.AutoComCenterToPostmark)
        .OrderBy(a => a.At).Select(a => a.Outcome).ToListAsync());

    private async Task DrainAsync()
    {
        while (await Sender.DispatchOnceAsync(default) > 0)
        {
        }
    }

    [Fact]
    public async Task Accepted_message_is_sent_once_with_token_stream_and_sender()
    {
        var id = await QueueAsync("ok@example.com");

        await DrainAsync();

        var n = await LoadAsync(id);
        Assert.Equal(NotificationStatus.Sent, n.Status);
        Assert.False(string.IsNullOrEmpty(n.ProviderMessageId));
        var email = Assert.Single(factory.Postmark.Received, r => r.To == "ok@example.com");
        Assert.Equal("POSTMARK_API_TEST", email.Token);
        Assert.Equal("outbound", email.MessageStream);
        Assert.Equal("Scholar <receipts@scholar.test>", email.From);
        Assert.Equal(["success"], await AttemptOutcomesAsync(id));
    }

    [Fact]
    public async Task Server_errors_and_rate_limits_are_retried_with_backoff_until_accepted()
    {
        factory.Postmark.Script("flaky@example.com", (500, 0, "Internal error"), (429, 0, "Rate limited"));
        var id = await QueueAsync("flaky@example.com");

        await DrainAsync();
        var afterFirst = await LoadAsync(id);
        Assert.Equal(NotificationStatus.Queued, afterFirst.Status);
        Assert.Equal(1, afterFirst.Attempts);
        Assert.True(afterFirst.NextAttemptAt > factory.Clock.GetUtcNow(), "the retry waits for its backoff");
        await DrainAsync();
        Assert.Equal(1, factory.Postmark.CountTo("flaky@example.com"));

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        await DrainAsync();
        Assert.Equal(2, (await LoadAsync(id)).Attempts);
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        await DrainAsync();

        var done = await LoadAsync(id);
        Assert.Equal(NotificationStatus.Sent, done.Status);
        Assert.Equal(3, done.Attempts);
        Assert.Equal(3, factory.Postmark.CountTo("flaky@example.com"));
        Assert.Equal(["retry", "retry", "success"], await AttemptOutcomesAsync(id));
    }

    [Fact]
    public async Task Timeout_is_looked_up_then_sent_again_when_postmark_never_took_it()
    {
        factory.Postmark.Script("slow@example.com", (PostmarkStub.NoAnswer, 0, "never answers"));
        var id = await QueueAsync("slow@example.com");

        await DrainAsync();
        var afterTimeout = await LoadAsync(id);
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        await DrainAsync();

        Assert.Equal((NotificationStatus.Sending, 1), (afterTimeout.Status, afterTimeout.Attempts));
        Assert.Contains("in time", afterTimeout.LastError, StringComparison.Ordinal);
        var sent = await LoadAsync(id);
        Assert.Equal((NotificationStatus.Sent, 2), (sent.Status, sent.Attempts));
        Assert.Equal(factory.Postmark.Accepted[id.ToString()], sent.ProviderMessageId);
        Assert.Equal(2, factory.Postmark.CountTo("slow@example.com"));
        Assert.Equal(["retry", "success"], await AttemptOutcomesAsync(id));
    }

    [Fact]
    public async Task Answer_lost_after_postmark_took_the_message_is_confirmed_by_search_not_sent_twice()
    {
        factory.Postmark.Script("lost-answer@example.com", (PostmarkStub.AcceptedButNoAnswer, 0, "took it, answer lost"));
        var id = await QueueAsync("lost-answer@example.com");

        await DrainAsync();
        var unconfirmed = await LoadAsync(id);
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        await DrainAsync();

        Assert.Equal(NotificationStatus.Sending, unconfirmed.Status);
        var sent = await LoadAsync(id);
        Assert.Equal(NotificationStatus.Sent, sent.Status);
        Assert.Equal(factory.Postmark.Accepted[id.ToString()], sent.ProviderMessageId);
        Assert.Equal(1, factory.Postmark.CountTo("lost-answer@example.com"));
        Assert.Equal(["retry", "success"], await AttemptOutcomesAsync(id));
    }

    [Fact]
    public async Task Message_left_sending_by_a_crash_waits_for_its_lease_then_is_looked_up_before_any_second_send()
    {
        var tookIt = await QueueAsync("crash-sent@example.com");
        var neverGotIt = await QueueAsync("crash-unsent@example.com");
        // What a SIGKILL between the claim's commit and the outcome's commit leaves behind: rows marked
        // sending under a lease; Postmark took one of the two messages before the process died.
        var lease = factory.Clock.GetUtcNow().AddSeconds(30);
        await factory.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE notifications SET status = 'Sending', attempts = 1, next_attempt_at = {lease} WHERE id IN ({tookIt}, {neverGotIt})"));
        var postmarkMessageId = factory.Postmark.Accept(tookIt);
        var searchesBefore = factory.Postmark.Searches;

        await DrainAsync();
        var withinLease = (await LoadAsync(tookIt)).Status;
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await DrainAsync();

        Assert.Equal(NotificationStatus.Sending, withinLease);
        var confirmed = await LoadAsync(tookIt);
        Assert.Equal((NotificationStatus.Sent, postmarkMessageId), (confirmed.Status, confirmed.ProviderMessageId));
        Assert.Equal(0, factory.Postmark.CountTo("crash-sent@example.com"));
        var resent = await LoadAsync(neverGotIt);
        Assert.Equal((NotificationStatus.Sent, 2), (resent.Status, resent.Attempts));
        Assert.Equal(1, factory.Postmark.CountTo("crash-unsent@example.com"));
        Assert.Equal(2, factory.Postmark.Searches - searchesBefore);
    }

    [Fact]
    public async Task Error_page_that_is_not_json_still_gives_the_retry_a_reason()
    {
        factory.Postmark.ScriptText("gateway@example.com", 502, "<html><body>502 Bad Gateway</body></html>");
        var id = await QueueAsync("gateway@example.com");

        await DrainAsync();

        var n = await LoadAsync(id);
        Assert.Equal(NotificationStatus.Queued, n.Status);
        Assert.Contains("Postmark HTTP 502", n.LastError, StringComparison.Ordinal);
        Assert.Contains("502 Bad Gateway", n.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_email_request_is_dead_lettered_without_retry()
    {
        factory.Postmark.Script("invalid@example.com", (422, 300, "Invalid email request"));
        var id = await QueueAsync("invalid@example.com");

        await DrainAsync();
        factory.Clock.Advance(TimeSpan.FromHours(1));
        await DrainAsync();

        var n = await LoadAsync(id);
        Assert.Equal(NotificationStatus.Failed, n.Status);
        Assert.Contains("ErrorCode 300", n.LastError, StringComparison.Ordinal);
        Assert.Equal(1, factory.Postmark.CountTo("invalid@example.com"));
    }

    [Fact]
    public async Task Inactive_recipient_is_suppressed_and_later_sends_are_not_attempted()
    {
        factory.Postmark.Script("inactive@example.com", (422, 406, "You tried to send to a recipient that has been marked as inactive."));
        var first = await QueueAsync("inactive@example.com");
        await DrainAsync();

        var later = await QueueAsync("Inactive@Example.com");
        await DrainAsync();

        Assert.Equal(NotificationStatus.Suppressed, (await LoadAsync(first)).Status);
        Assert.Equal(NotificationStatus.Suppressed, (await LoadAsync(later)).Status);
        Assert.Equal(1, factory.Postmark.CountTo("inactive@example.com"));
        Assert.True(await factory.WithDbAsync(db => db.SuppressedRecipients.AnyAsync(s => s.Address == "inactive@example.com")));
    }

    [Fact]
    public async Task Exhausted_retries_dead_letter_with_the_last_error()
    {
        factory.Postmark.Script("down@example.com", (503, 0, "a"), (503, 0, "b"), (503, 0, "c"), (503, 0, "last"));
        var id = await QueueAsync("down@example.com");

        for (var i = 0; i < 4; i++)
        {
            await DrainAsync();
            factory.Clock.Advance(TimeSpan.FromMinutes(2));
        }

        var n = await LoadAsync(id);
        Assert.Equal(NotificationStatus.Failed, n.Status);
        Assert.Equal(4, n.Attempts);
        Assert.Contains("last", n.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_token_halts_sending_instead_of_retrying_every_message()
    {
        factory.Postmark.Script("halt@example.com", (401, 10, "Bad or missing Server API token."));
        var halted = await QueueAsync("halt@example.com");
        try
        {
            await DrainAsync();
            var waiting = await QueueAsync("waiting@example.com");
            factory.Clock.Advance(TimeSpan.FromHours(1));
            await DrainAsync();

            Assert.True((await factory.WithDbAsync(db => db.EmailSendingHalts.AsNoTracking().SingleAsync())).Halted);
            Assert.Equal(1, factory.Postmark.CountTo("halt@example.com"));
            Assert.Equal(0, factory.Postmark.CountTo("waiting@example.com"));
            var stopped = await LoadAsync(halted);
            Assert.Equal(NotificationStatus.Queued, stopped.Status);
            Assert.Equal(0, stopped.Attempts);
            Assert.Equal(NotificationStatus.Queued, (await LoadAsync(waiting)).Status);
            Assert.Equal(["halted"], await AttemptOutcomesAsync(halted));
        }
        finally
        {
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ResumeEmailSendingHandler>().HandleAsync(new ResumeEmailSendingCommand("test"), default);
            }

            await DrainAsync();
        }
    }
}
