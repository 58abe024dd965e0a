using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Notifications.Delivery;

namespace Scholar.IntegrationTests.Notifications;

public sealed class PostmarkWebhookTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>Queues through the signed API and sends through the local mailbox (no Postmark token set).</summary>
    private async Task<(Guid Id, string MessageId)> SentAsync(string to)
    {
        // A key of its own: the same signed body twice would be one send (a replay), not two.
        var body = $$$"""{"template":"welcome","to":"{{{to}}}","data":{"name":"Ada"},"idempotencyKey":"{{{Guid.NewGuid()}}}"}""";
        var response = await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", body));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = json.RootElement.GetProperty("id").GetGuid();
        while (await factory.Service<NotificationSendingLoop>().DispatchOnceAsync(default) > 0)
        {
        }

        var n = await factory.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(x => x.Id == id));
        return (id, n.ProviderMessageId!);
    }

    private async Task<HttpResponseMessage> HookAsync(object payload, string user = NotificationsFactory.HookUser, string password = NotificationsFactory.HookPassword)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/postmark") { Content = JsonContent.Create(payload) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return await _client.SendAsync(request);
    }

    private async Task<JsonElement> StatusAsync(Guid id)
    {
        var response = await _client.SendAsync(factory.SignedRequest(HttpMethod.Get, $"/api/notifications/{id}", ""));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Delivery_marks_the_notification_delivered_once_however_often_it_arrives()
    {
        var (id, messageId) = await SentAsync("delivered@example.com");
        var delivery = new { RecordType = "Delivery", MessageID = messageId, Recipient = "delivered@example.com", DeliveredAt = "2026-11-24T00:00:00Z" };

        var first = await HookAsync(delivery);
        var second = await HookAsync(delivery);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        var status = await StatusAsync(id);
        Assert.Equal("delivered", status.GetProperty("status").GetString());
        Assert.Equal("Delivery", Assert.Single(status.GetProperty("events").EnumerateArray()).GetProperty("recordType").GetString());
    }

    [Fact]
    public async Task Hard_bounce_suppresses_the_recipient_and_later_sends_are_not_attempted()
    {
        var (id, messageId) = await SentAsync("bounce@example.com");

        await HookAsync(new { RecordType = "Bounce", MessageID = messageId, Type = "HardBounce", TypeCode = 1, Email = "bounce@example.com", Description = "Unknown user", Inactive = true, BouncedAt = "2026-11-24T00:00:00Z" });
        var (laterId, laterMessageId) = await SentAsync("bounce@example.com");

        Assert.Equal("bounced", (await StatusAsync(id)).GetProperty("status").GetString());
        Assert.Equal("suppressed", (await StatusAsync(laterId)).GetProperty("status").GetString());
        Assert.Null(laterMessageId);
        Assert.Equal(0, await factory.WithDbAsync(db => db.MailboxMessages.CountAsync(m => m.NotificationId == laterId)));
    }

    [Fact]
    public async Task Spam_complaint_suppresses_and_subscription_change_can_reactivate()
    {
        var (_, messageId) = await SentAsync("spam@example.com");

        await HookAsync(new { RecordType = "SpamComplaint", MessageID = messageId, Email = "spam@example.com", BouncedAt = "2026-11-24T00:00:00Z" });
        var suppressed = await factory.WithDbAsync(db => db.SuppressedRecipients.AnyAsync(s => s.Address == "spam@example.com"));
        await HookAsync(new { RecordType = "SubscriptionChange", MessageID = messageId, Recipient = "spam@example.com", SuppressSending = false, ChangedAt = "2026-11-24T01:00:00Z" });
        var reactivated = !await factory.WithDbAsync(db => db.SuppressedRecipients.AnyAsync(s => s.Address == "spam@example.com"));

        Assert.True(suppressed);
        Assert.True(reactivated);
    }

    [Fact]
    public async Task Opens_and_clicks_are_recorded_as_events_without_changing_the_status()
    {
        var (id, messageId) = await SentAsync("engaged@example.com");

        await HookAsync(new { RecordType = "Open", MessageID = messageId, Recipient = "engaged@example.com", ReceivedAt = "2026-11-24T00:01:00Z" });
        await HookAsync(new { RecordType = "Click", MessageID = messageId, Recipient = "engaged@example.com", OriginalLink = "https://scholar.test/x", ReceivedAt = "2026-11-24T00:02:00Z" });

        var status = await StatusAsync(id);
        Assert.Equal("sent", status.GetProperty("status").GetString());
        Assert.Equal(["Open", "Click"], status.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("recordType").GetString()));
    }

    [Fact]
    public async Task Wrong_basic_credentials_are_refused_and_nothing_is_recorded()
    {
        var (_, messageId) = await SentAsync("guarded@example.com");

        var response = await HookAsync(new { RecordType = "Bounce", MessageID = messageId, Type = "HardBounce", Email = "guarded@example.com" }, password: "guess");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.NotificationEvents.CountAsync(e => e.ProviderMessageId == messageId)));
        Assert.False(await factory.WithDbAsync(db => db.SuppressedRecipients.AnyAsync(s => s.Address == "guarded@example.com")));
    }

    [Fact]
    public async Task Mailbox_holds_the_rendered_email_when_no_postmark_token_is_set()
    {
        var (id, _) = await SentAsync("mailbox@example.com");

        var mail = await factory.WithDbAsync(db => db.MailboxMessages.SingleAsync(m => m.NotificationId == id));
        Assert.Equal("Welcome to Scholar, Ada", mail.Subject);
        Assert.Equal(NotificationStatus.Sent, (await factory.WithDbAsync(db => db.Notifications.SingleAsync(n => n.Id == id))).Status);
        Assert.Equal(0, await factory.WithDbAsync(db => db.DeliveryAttempts.CountAsync(a => a.Key == id.ToString())));
    }
}
