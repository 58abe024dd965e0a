using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Domain.Auth;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.IntegrationTests.Infrastructure;
using Scholar.IntegrationTests.Notifications;

namespace Scholar.IntegrationTests.Ops;

/// <summary>
/// Operator control of delivery over HTTP on real PostgreSQL: Postmark's "stop sending" halt is one row
/// every instance obeys and any instance resumes; dead letters are listed and queued again.
/// </summary>
public sealed class DeliveryControlTests(PostmarkFactory factory) : IClassFixture<PostmarkFactory>
{
    private static async Task DrainAsync(IServiceProvider services)
    {
        while (await services.GetRequiredService<NotificationSendingLoop>().DispatchOnceAsync(default) > 0)
        {
        }
    }

    private Task<Notification> LoadAsync(Guid id) => factory.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id));

    [Fact]
    public async Task A_halt_on_one_host_is_seen_and_resumed_from_another()
    {
        var (operatorA, _) = await factory.CreateSignedInClientAsync(Role.Operator);
        await using var second = new SecondInstance(factory, new Dictionary<string, string?>
        {
            ["NOTIFY_DISPATCH_ENABLED"] = "false",
            ["OPS_ALERTS_ENABLED"] = "false",
            ["NOTIFY_WEBHOOK_SECRET"] = NotificationsFactory.Secret,
            ["POSTMARK_SERVER_TOKEN"] = "POSTMARK_API_TEST",
            ["POSTMARK_API_BASE_URL"] = factory.Postmark.BaseUrl,
            ["POSTMARK_FROM"] = "Scholar <receipts@scholar.test>",
        });
        var operatorB = second.CreateClientLike(operatorA);

        factory.Postmark.Script("halt-a@example.com", (401, 10, "Bad or missing Server API token."));
        var first = await factory.QueueWelcomeAsync("halt-a@example.com");
        await DrainAsync(factory.Services);

        var seenOnB = await operatorB.GetFromJsonAsync<JsonElement>("/api/ops/email-sending");
        Assert.True(seenOnB.GetProperty("halted").GetBoolean());
        Assert.Contains("token", seenOnB.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(JsonValueKind.Null, seenOnB.GetProperty("since").ValueKind);

        // Host B obeys host A's halt: its sender sends nothing.
        var waiting = await factory.QueueWelcomeAsync("halt-b@example.com");
        await DrainAsync(second.Services);
        Assert.Equal(0, factory.Postmark.CountTo("halt-b@example.com"));

        var resumed = await operatorB.PostAsync("/api/ops/email-sending/resume", null);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.False((await resumed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("halted").GetBoolean());

        var seenOnA = await operatorA.GetFromJsonAsync<JsonElement>("/api/ops/email-sending");
        Assert.False(seenOnA.GetProperty("halted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, seenOnA.GetProperty("reason").ValueKind);
        await DrainAsync(factory.Services);
        Assert.Equal(NotificationStatus.Sent, (await LoadAsync(first)).Status);
        Assert.Equal(NotificationStatus.Sent, (await LoadAsync(waiting)).Status);
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(e => e.Action == "email_sending.resumed" && e.Subject == "email_sending")));
    }

    [Fact]
    public async Task A_student_can_neither_see_nor_resume_email_sending()
    {
        var (student, _) = await factory.CreateSignedInClientAsync(Role.Student);

        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync("/api/ops/email-sending")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await student.PostAsync("/api/ops/email-sending/resume", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await student.PostAsJsonAsync("/api/ops/dead-letters/retry", new { })).StatusCode);
    }

    [Fact]
    public async Task A_dead_letter_is_listed_retried_and_then_sent()
    {
        var (operatorClient, _) = await factory.CreateSignedInClientAsync(Role.Operator);
        factory.Postmark.Script("dead@example.com", (422, 300, "Invalid 'To' address."));
        var id = await factory.QueueWelcomeAsync("dead@example.com");
        await DrainAsync(factory.Services);
        Assert.Equal(NotificationStatus.Failed, (await LoadAsync(id)).Status);

        var listed = await operatorClient.GetFromJsonAsync<JsonElement[]>("/api/ops/dead-letters");
        var letter = Assert.Single(listed!, l => l.GetProperty("id").GetGuid() == id);
        Assert.Equal("notification", letter.GetProperty("source").GetString());
        Assert.Contains("Invalid", letter.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        var retry = await operatorClient.PostAsJsonAsync("/api/ops/dead-letters/retry", new { ids = new[] { id } });
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requeued").GetInt32());
        Assert.Equal(NotificationStatus.Queued, (await LoadAsync(id)).Status);

        await DrainAsync(factory.Services);
        var sent = await LoadAsync(id);
        Assert.Equal(NotificationStatus.Sent, sent.Status);
        Assert.Equal(2, factory.Postmark.CountTo("dead@example.com"));
        var retried = await factory.WithDbAsync(db => db.AuditLog.Where(e => e.Action == "dead_letters.retried").Select(e => e.Details).ToListAsync());
        Assert.Contains(retried, d => d!.Contains(id.ToString(), StringComparison.Ordinal));

        // A sent message is never queued again: 409, and nothing is written.
        var auditBefore = await factory.WithDbAsync(db => db.AuditLog.CountAsync());
        var again = await operatorClient.PostAsJsonAsync("/api/ops/dead-letters/retry", new { ids = new[] { id } });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(NotificationStatus.Sent, (await LoadAsync(id)).Status);
        Assert.Equal(auditBefore, await factory.WithDbAsync(db => db.AuditLog.CountAsync()));
    }

    [Fact]
    public async Task An_empty_id_list_is_a_400_problem_that_writes_nothing()
    {
        var (operatorClient, _) = await factory.CreateSignedInClientAsync(Role.Operator);
        var auditBefore = await factory.WithDbAsync(db => db.AuditLog.CountAsync());

        var response = await operatorClient.PostAsJsonAsync("/api/ops/dead-letters/retry", new { ids = Array.Empty<Guid>() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ids", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(auditBefore, await factory.WithDbAsync(db => db.AuditLog.CountAsync()));
    }
}
