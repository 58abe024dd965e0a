using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Ops.Alerts;
using Scholar.Application.Payments.WebhookVersions;
using Scholar.Domain.Auth;
using Scholar.Domain.Notifications;
using Scholar.Domain.Ops;
using Scholar.Domain.Payments;
using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.IntegrationTests.Infrastructure;
using Scholar.IntegrationTests.Notifications;

namespace Scholar.IntegrationTests.Ops;

/// <summary>The app on a real port with every alert target set: a webhook sink and a Twilio stub on 127.0.0.1, email to the local mailbox.</summary>
public sealed class AlertsFactory : NotificationsFactory
{
    public const string TwilioSid = "AC00000000000000000000000000000001";
    public const string TwilioToken = "twilio-auth-token-never-shown";
    public const string SmsTo = "+15550001111";

    private readonly int _port = LoopbackPort.Free();

    public AlertsFactory() => UseKestrel(_port);

    public WebhookSink Sink { get; } = new();

    public TwilioStub Twilio { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["AUTO_COM_CENTER_BASE_URL"] = $"http://127.0.0.1:{_port}",
        ["OPS_ALERTS_ENABLED"] = "false",
        ["OPS_ALERT_EMAILS"] = "ceo@scholar.test",
        ["OPS_ALERT_WEBHOOK_URL"] = Sink.Url,
        ["OPS_ALERT_SMS_TO"] = SmsTo,
        ["TWILIO_ACCOUNT_SID"] = TwilioSid,
        ["TWILIO_AUTH_TOKEN"] = TwilioToken,
        ["TWILIO_FROM_NUMBER"] = "+15550002222",
        ["TWILIO_API_BASE_URL"] = Twilio.BaseUrl,
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Sink.DisposeAsync();
        await Twilio.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class AlertsTests(AlertsFactory factory) : IClassFixture<AlertsFactory>
{
    private async Task<AlertEvaluation> EvaluateAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EvaluateAlertsHandler>().HandleAsync(default);
    }

    /// <summary>Outbox (webhook post, signed /api/send over HTTP), then the notification sender (Twilio, mailbox).</summary>
    private async Task DeliverAsync()
    {
        while (await factory.Service<OutboxDeliveryLoop>().DispatchOnceAsync(default) > 0)
        {
        }

        while (await factory.Service<NotificationSendingLoop>().DispatchOnceAsync(default) > 0)
        {
        }
    }

    private Task<int> SetHaltAsync(bool halted) => factory.WithDbAsync(async db =>
    {
        var halt = await db.EmailSendingHalts.SingleAsync();
        _ = halted ? halt.Halt("Postmark 401: Bad or missing Server API token.", factory.Clock.GetUtcNow()) : halt.Resume("test", factory.Clock.GetUtcNow());
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task An_alert_fires_once_to_the_webhook_and_by_sms_then_clears()
    {
        var operatorClient = (await factory.CreateSignedInClientAsync(Role.Operator)).Client;
        await SetHaltAsync(true);

        await EvaluateAsync();
        await EvaluateAsync();
        await DeliverAsync();

        var alerts = await operatorClient.GetFromJsonAsync<JsonElement[]>("/api/ops/alerts?limit=50");
        var halted = Assert.Single(alerts!, a => a.GetProperty("kind").GetString() == OpsAlert.EmailHalted);
        Assert.Equal(2, halted.GetProperty("count").GetInt32());
        Assert.Equal("critical", halted.GetProperty("severity").GetString());
        Assert.Equal(JsonValueKind.Null, halted.GetProperty("resolvedAt").ValueKind);

        var fired = Assert.Single(factory.Sink.Bodies, b => b.Contains(OpsAlert.EmailHalted, StringComparison.Ordinal));
        Assert.Contains("fired", JsonDocument.Parse(fired).RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        var sms = Assert.Single(factory.Twilio.Messages, m => m.Form["Body"].Contains(OpsAlert.EmailHalted, StringComparison.Ordinal));
        Assert.Equal($"/2010-04-01/Accounts/{AlertsFactory.TwilioSid}/Messages.json", sms.Path);
        Assert.Equal(AlertsFactory.SmsTo, sms.Form["To"]);
        Assert.Equal("+15550002222", sms.Form["From"]);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AlertsFactory.TwilioSid}:{AlertsFactory.TwilioToken}")), sms.Authorization);

        await SetHaltAsync(false);
        await EvaluateAsync();
        await DeliverAsync();

        var after = await operatorClient.GetFromJsonAsync<JsonElement[]>("/api/ops/alerts");
        var resolved = Assert.Single(after!, a => a.GetProperty("id").GetGuid() == halted.GetProperty("id").GetGuid());
        Assert.NotEqual(JsonValueKind.Null, resolved.GetProperty("resolvedAt").ValueKind);
        Assert.Single(factory.Sink.Bodies, b => b.Contains(OpsAlert.EmailHalted, StringComparison.Ordinal) && b.Contains("resolved", StringComparison.Ordinal));
        Assert.Single(factory.Twilio.Messages, m => m.Form["Body"].Contains(OpsAlert.EmailHalted, StringComparison.Ordinal) && m.Form["Body"].Contains("resolved", StringComparison.Ordinal));
        // The email held back by the halt went out once sending resumed, with the resolution after it.
        var keyPrefix = $"{EvaluateAlertsHandler.TemplateName}:{halted.GetProperty("id").GetGuid()}:";
        var emails = await factory.WithDbAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.Channel == "email" && n.IdempotencyKey.StartsWith(keyPrefix))
            .Select(n => n.Status).ToListAsync());
        Assert.Equal([NotificationStatus.Sent, NotificationStatus.Sent], emails);

        // Neither the webhook's secret path nor Twilio's token is stored or shown anywhere.
        var stored = await factory.WithDbAsync(async db => string.Join("\n",
            (await db.OutboxMessages.AsNoTracking().Select(m => m.Payload + m.LastError).ToListAsync())
            .Concat(await db.DeliveryAttempts.AsNoTracking().Select(a => a.Error ?? "").ToListAsync())));
        Assert.DoesNotContain(WebhookSink.SecretPath, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(AlertsFactory.TwilioToken, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(WebhookSink.SecretPath, await operatorClient.GetStringAsync("/api/ops/alerts"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hop_below_95_percent_over_15_minutes_fires_and_clears_when_the_failures_age_out()
    {
        var now = factory.Clock.GetUtcNow().AddMinutes(-1);
        await factory.WithDbAsync(db =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var i = 0; i < 5; i++)
            {
                db.DeliveryAttempts.Add(DeliveryAttempt.Outbound(DeliveryHops.AutoComCenterToPostmark, $"hop-test-{i}", 503, "retry", started, "Service unavailable", now));
            }

            return db.SaveChangesAsync();
        });

        await EvaluateAsync();
        var key = $"{OpsAlert.HopDegraded}:{DeliveryHops.AutoComCenterToPostmark}";
        var open = await factory.WithDbAsync(db => db.OpsAlerts.AsNoTracking().SingleAsync(a => a.ConditionKey == key && a.ResolvedAt == null));
        Assert.Contains("0 of 5", open.Detail, StringComparison.Ordinal);

        factory.Clock.Advance(TimeSpan.FromMinutes(16));
        await EvaluateAsync();

        Assert.NotNull((await factory.WithDbAsync(db => db.OpsAlerts.AsNoTracking().SingleAsync(a => a.Id == open.Id))).ResolvedAt);
    }

    [Fact]
    public async Task A_dead_letter_and_a_failed_ledger_probe_each_open_one_alert_until_they_clear()
    {
        var now = factory.Clock.GetUtcNow();
        var dead = OutboxMessage.Queue("no.such.kind", "{}", $"alert-test:{Guid.NewGuid()}", now, null);
        dead.DeadLetter("No delivery handles kind 'no.such.kind'.", now);
        await factory.WithDbAsync(db =>
        {
            db.OutboxMessages.Add(dead);
            db.ProbeResults.Add(new ProbeResult { Probe = ProbeResult.LedgerProbe, At = now, Succeeded = false, Error = "ledger read back 0", InstanceId = "test" });
            return db.SaveChangesAsync();
        });

        await EvaluateAsync();
        var open = await factory.WithDbAsync(db => db.OpsAlerts.AsNoTracking().Where(a => a.ResolvedAt == null).Select(a => a.Kind).ToListAsync());
        Assert.Contains(OpsAlert.DeadLetter, open);
        Assert.Contains(OpsAlert.LedgerProbeFailed, open);

        await factory.WithDbAsync(async db =>
        {
            (await db.OutboxMessages.SingleAsync(m => m.Id == dead.Id)).Requeue(now);
            db.ProbeResults.Add(new ProbeResult { Probe = ProbeResult.LedgerProbe, At = now.AddSeconds(1), Succeeded = true, InstanceId = "test" });
            return await db.SaveChangesAsync();
        });
        await EvaluateAsync();

        var stillOpen = await factory.WithDbAsync(db => db.OpsAlerts.AsNoTracking().Where(a => a.ResolvedAt == null).Select(a => a.Kind).ToListAsync());
        Assert.DoesNotContain(OpsAlert.LedgerProbeFailed, stillOpen);
        Assert.DoesNotContain(OpsAlert.DeadLetter, stillOpen);
    }

    [Fact]
    public async Task A_failed_stripe_key_a_foreign_webhook_version_and_a_verdict_short_of_go_each_open_an_alert()
    {
        var now = factory.Clock.GetUtcNow();
        var eventId = $"evt_version_{Guid.NewGuid():N}";
        await factory.WithDbAsync(db =>
        {
            db.StripeKeyChecks.Add(new StripeKeyCheck { CheckedAt = now, KeyKind = "secret", Succeeded = false, Error = "401: Invalid API Key provided" });
            db.StripeEvents.Add(new ProcessedStripeEvent { EventId = eventId, Type = "checkout.session.completed", ApiVersion = "2020-08-27", ReceivedAt = now, Outcome = "ignored" });
            return db.SaveChangesAsync();
        });

        await EvaluateAsync();
        var open = await factory.WithDbAsync(db => db.OpsAlerts.AsNoTracking().Where(a => a.ResolvedAt == null).ToListAsync());
        Assert.Contains(open, a => a.Kind == OpsAlert.StripeKeyFailed && a.Detail.Contains("Invalid API Key", StringComparison.Ordinal));
        Assert.Contains(open, a => a.Kind == OpsAlert.WebhookVersionMismatch && a.Detail.Contains("2020-08-27", StringComparison.Ordinal));
        // This fixture has no validation run: the verdict is not GO, and says which gates hold it back.
        Assert.Contains(open, a => a.Kind == OpsAlert.VerdictChanged && a.Title.StartsWith("The go/no-go verdict is", StringComparison.Ordinal) && a.Detail.Contains("gate", StringComparison.Ordinal));

        // The key works again, and the foreign version ages out of Stripe's 72-hour retry window.
        await factory.WithDbAsync(async db =>
        {
            db.StripeKeyChecks.Add(new StripeKeyCheck { CheckedAt = now.AddSeconds(1), KeyKind = "secret", Succeeded = true, Livemode = false });
            await db.StripeEvents.Where(e => e.EventId == eventId)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.ReceivedAt, now - WebhookVersionsHandler.Lookback - TimeSpan.FromHours(1)));
            return await db.SaveChangesAsync();
        });
        await EvaluateAsync();

        var stillOpen = await factory.WithDbAsync(db => db.OpsAlerts.AsNoTracking().Where(a => a.ResolvedAt == null).Select(a => a.Kind).ToListAsync());
        Assert.DoesNotContain(OpsAlert.StripeKeyFailed, stillOpen);
        Assert.DoesNotContain(OpsAlert.WebhookVersionMismatch, stillOpen);
    }

    [Fact]
    public async Task Only_one_instance_evaluates_at_a_time()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => EvaluateAsync()));

        Assert.Contains(results, r => !r.Skipped);
        var open = await factory.WithDbAsync(db => db.OpsAlerts.Where(a => a.ResolvedAt == null).GroupBy(a => a.ConditionKey).Select(g => g.Count()).ToListAsync());
        Assert.All(open, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task Api_send_takes_sms_for_a_phone_number_and_refuses_an_address()
    {
        var client = factory.CreateClient();
        var body = (string to) => JsonSerializer.Serialize(new { template = "welcome", to, channel = "sms", data = new { name = "Ada" } });

        var refused = await client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", body("ada@example.com")));
        var accepted = await client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", body("+15550003333")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("E.164", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await DeliverAsync();
        var sent = await factory.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id));
        Assert.Equal(("sms", NotificationStatus.Sent), (sent.Channel, sent.Status));
        Assert.Contains(factory.Twilio.Messages, m => m.Form["To"] == "+15550003333" && m.Form["Body"].Contains("Ada", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_limit_is_a_400_problem()
    {
        var operatorClient = (await factory.CreateSignedInClientAsync(Role.Operator)).Client;

        var response = await operatorClient.GetAsync("/api/ops/alerts?limit=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("limit", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
