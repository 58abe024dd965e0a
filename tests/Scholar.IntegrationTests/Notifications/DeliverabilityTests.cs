using System.Net;
using System.Net.Http.Json;
using System.Text;
using DnsClient;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NSubstitute;
using Scholar.Application.Notifications.Deliverability;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Notifications.Delivery;

namespace Scholar.IntegrationTests.Notifications;

public sealed class DeliverabilityFactory : NotificationsFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["DELIVERABILITY_TEST_INBOXES"] = "gmail-seed@example.com, outlook-seed@example.com, yahoo-seed@example.com",
    };

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // No real DNS from tests: every lookup answers "no records".
        builder.ConfigureTestServices(services => services.AddSingleton(Substitute.For<ILookupClient>()));
    }
}

public sealed class DeliverabilityTests(DeliverabilityFactory factory) : IClassFixture<DeliverabilityFactory>
{
    [Fact]
    public async Task Inbox_test_sends_to_each_inbox_and_tracks_outcomes_from_postmark_webhooks()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var started = await scope.ServiceProvider.GetRequiredService<StartInboxTestHandler>()
            .HandleAsync(["gmail-seed@example.com", "outlook-seed@example.com", "yahoo-seed@example.com"], default);
        while (await factory.Service<NotificationSendingLoop>().DispatchOnceAsync(default) > 0)
        {
        }

        var messageIds = await factory.WithDbAsync(db => db.Notifications.AsNoTracking()
            .Where(n => started.Inboxes.Select(i => i.NotificationId).Contains(n.Id))
            .ToDictionaryAsync(n => n.To, n => n.ProviderMessageId!));
        var client = factory.CreateClient();
        await HookAsync(client, new { RecordType = "Delivery", MessageID = messageIds["gmail-seed@example.com"], Recipient = "gmail-seed@example.com" });
        await HookAsync(client, new { RecordType = "Bounce", MessageID = messageIds["yahoo-seed@example.com"], Type = "HardBounce", Email = "yahoo-seed@example.com", Description = "Unknown user" });

        var report = await scope.ServiceProvider.GetRequiredService<GetDeliverabilityHandler>().HandleAsync("scholar.test", default);

        var run = Assert.Single(report.InboxTests);
        Assert.Equal(started.RunId, run.RunId);
        Assert.Equal(
            [("gmail-seed@example.com", NotificationStatus.Delivered), ("outlook-seed@example.com", NotificationStatus.Sent), ("yahoo-seed@example.com", NotificationStatus.Bounced)],
            run.Inboxes.Select(i => (i.Inbox, i.Status)));
        Assert.False(report.Domain!.Pass);
        var mail = await factory.WithDbAsync(db => db.MailboxMessages.Where(m => m.Tag == StartInboxTestHandler.Template).Select(m => m.Subject).ToListAsync());
        Assert.All(mail, s => Assert.Contains(started.RunId, s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Operator_endpoints_refuse_callers_without_credentials()
    {
        var client = factory.CreateClient();

        var report = await client.GetAsync("/api/ops/deliverability");
        var start = await client.PostAsync("/api/ops/deliverability/inbox-test", null);

        Assert.Equal(HttpStatusCode.Unauthorized, report.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, start.StatusCode);
    }

    [Fact]
    public async Task Signed_service_callers_cannot_reach_operator_endpoints()
    {
        var response = await factory.CreateClient().SendAsync(factory.SignedRequest(HttpMethod.Get, "/api/ops/deliverability", ""));

        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Inserting_a_notification_wakes_listeners_through_notify()
    {
        await using var connection = await factory.Service<NpgsqlDataSource>().OpenConnectionAsync();
        await using (var listen = new NpgsqlCommand($"LISTEN {NotificationSendingLoop.NotifyChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync();
        }

        var body = """{"template":"welcome","to":"wake@example.com","data":{"name":"Ada"}}""";
        await factory.CreateClient().SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", body));

        Assert.True(await connection.WaitAsync(TimeSpan.FromSeconds(30)), "a NOTIFY was sent after the commit (no sending loop runs in this host)");
    }

    private static async Task HookAsync(HttpClient client, object payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/postmark") { Content = JsonContent.Create(payload) };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{NotificationsFactory.HookUser}:{NotificationsFactory.HookPassword}")));
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
    }
}
