using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Abstractions;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.Infrastructure.Persistence;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Notifications;

/// <summary>The host on a real Kestrel port, with AUTO_COM_CENTER_BASE_URL pointing at itself.</summary>
public sealed class KestrelNotificationsFactory : NotificationsFactory
{
    private readonly int _port = LoopbackPort.Free();

    public KestrelNotificationsFactory() => UseKestrel(_port);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["AUTO_COM_CENTER_BASE_URL"] = $"http://127.0.0.1:{_port}",
    };
}

public sealed class OutboxDispatchTests(KestrelNotificationsFactory factory) : IClassFixture<KestrelNotificationsFactory>
{
    private async Task<Guid> EnqueueAsync(string template, string key, Dictionary<string, string> data)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<INotificationOutbox>().Enqueue(new NotificationRequest(template, "student@example.com", data, key));
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.SaveChangesAsync();
        return await db.OutboxMessages.Where(m => m.IdempotencyKey == $"{NotificationRequest.OutboxKind}:{key}").Select(m => m.Id).SingleAsync();
    }

    private static Dictionary<string, string> Receipt(string paymentId) => new()
    {
        ["name"] = "Ada",
        ["credits"] = "250",
        ["amountFormatted"] = "$25.00",
        ["paymentId"] = paymentId,
    };

    private async Task DispatchAsync()
    {
        while (await factory.Service<OutboxDeliveryLoop>().DispatchOnceAsync(default) > 0)
        {
        }
    }

    private Task<List<DeliveryAttempt>> AttemptsAsync(Guid outboxId) => factory.WithDbAsync(async db =>
    {
        var key = await db.OutboxMessages.Where(m => m.Id == outboxId).Select(m => m.IdempotencyKey).SingleAsync();
        return await db.DeliveryAttempts.AsNoTracking().Where(a => a.Key == key).OrderBy(a => a.At).ToListAsync();
    });

    [Fact]
    public async Task Receipt_travels_from_the_outbox_to_api_send_over_http_and_lands_in_the_mailbox()
    {
        var outboxId = await EnqueueAsync("purchase_receipt", "receipt:pay_1", Receipt("pay_1"));

        await DispatchAsync();
        while (await factory.Service<NotificationSendingLoop>().DispatchOnceAsync(default) > 0)
        {
        }

        var outbox = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == outboxId));
        Assert.Equal(OutboxStatus.Sent, outbox.Status);
        var attempt = Assert.Single(await AttemptsAsync(outboxId));
        Assert.Equal(DeliveryAttempt.ProviderRegisterToAutoComCenter, attempt.Hop);
        Assert.Equal(202, attempt.StatusCode);
        Assert.Equal("success", attempt.Outcome);
        var notification = await factory.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.IdempotencyKey == "receipt:pay_1"));
        Assert.Equal(NotificationStatus.Sent, notification.Status);
        var mail = await factory.WithDbAsync(db => db.MailboxMessages.AsNoTracking().SingleAsync(m => m.NotificationId == notification.Id));
        Assert.Equal("Your Scholar receipt: 250 credits", mail.Subject);
        Assert.Contains("$25.00", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("pay_1", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redelivering_an_outbox_row_does_not_queue_a_second_notification()
    {
        var outboxId = await EnqueueAsync("purchase_receipt", "receipt:pay_2", Receipt("pay_2"));
        await DispatchAsync();

        // As if the dispatcher crashed after the POST but before recording it: the row is due again.
        await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == outboxId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending)));
        await DispatchAsync();

        Assert.Equal(2, (await AttemptsAsync(outboxId)).Count(a => a.Outcome == "success"));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Notifications.CountAsync(n => n.IdempotencyKey == "receipt:pay_2")));
    }

    [Fact]
    public async Task Request_refused_as_unprocessable_is_dead_lettered_at_once_with_the_error()
    {
        var outboxId = await EnqueueAsync("no_such_template", "bad:1", new Dictionary<string, string>());

        await DispatchAsync();
        factory.Clock.Advance(TimeSpan.FromHours(1));
        await DispatchAsync();

        var outbox = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == outboxId));
        Assert.Equal(OutboxStatus.Dead, outbox.Status);
        Assert.Contains("422", outbox.LastError, StringComparison.Ordinal);
        Assert.Contains("no_such_template", outbox.LastError, StringComparison.Ordinal);
        Assert.Equal(["dead"], (await AttemptsAsync(outboxId)).Select(a => a.Outcome));
    }
}

/// <summary>auto_com_center is down: nothing listens at AUTO_COM_CENTER_BASE_URL.</summary>
public sealed class UnreachableNotifyFactory : NotificationsFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["AUTO_COM_CENTER_BASE_URL"] = "http://127.0.0.1:1",
    };
}

public sealed class OutboxRetryTests(UnreachableNotifyFactory factory) : IClassFixture<UnreachableNotifyFactory>
{
    [Fact]
    public async Task Unreachable_target_is_retried_with_backoff_then_dead_lettered_with_the_last_error()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<INotificationOutbox>()
                .Enqueue(new NotificationRequest("welcome", "student@example.com", new Dictionary<string, string> { ["name"] = "Ada" }, "down:1"));
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }

        var dispatcher = factory.Service<OutboxDeliveryLoop>();
        var dueTimes = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(1, await dispatcher.DispatchOnceAsync(default));
            Assert.Equal(0, await dispatcher.DispatchOnceAsync(default));
            var row = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.IdempotencyKey == "notification.send:down:1"));
            dueTimes.Add(row.NextAttemptAt - factory.Clock.GetUtcNow());
            factory.Clock.Advance(TimeSpan.FromMinutes(2));
        }

        var dead = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.IdempotencyKey == "notification.send:down:1"));
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Equal(4, dead.Attempts);
        Assert.Contains("HttpRequestException", dead.LastError, StringComparison.Ordinal);
        // Backoff with jitter: 10 s·2^(n-1) capped at 60 s, each scaled into [0.5, 1).
        Assert.InRange(dueTimes[0].TotalSeconds, 5, 10);
        Assert.InRange(dueTimes[1].TotalSeconds, 10, 20);
        Assert.InRange(dueTimes[2].TotalSeconds, 20, 40);
        var outcomes = await factory.WithDbAsync(db => db.DeliveryAttempts.Where(a => a.Key == "notification.send:down:1").OrderBy(a => a.At).Select(a => a.Outcome).ToListAsync());
        Assert.Equal(["retry", "retry", "retry", "dead"], outcomes);
    }
}
