using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Hosting;
using Scholar.Application.Ops;
using Scholar.Application.Ops.GetDataMode;
using Scholar.Domain.Notifications;
using Scholar.Domain.Ops;
using Scholar.Domain.Payments;
using Scholar.Infrastructure.Persistence;

namespace Scholar.IntegrationTests.Ops;

/// <summary>
/// This host reports only scholar_auth in its own heartbeat and runs no ledger probe, so the gate
/// evidence is exactly the rows each test writes.
/// </summary>
public sealed class GatesFactory : OpsApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["SCHOLAR_APPS"] = ScholarApps.Auth };
}

/// <summary>Gates, verdict, funnel and KPIs on live data: each gate is driven only by the rows its evidence comes from.</summary>
public sealed class GatesTests(GatesFactory factory) : IClassFixture<GatesFactory>
{
    private const string SharedSecret = "shared-notify-secret-7Gq2";

    private sealed record Evidence(
        string NotifierSecret = SharedSecret,
        string SecretKey = "sk_live_OpsGateTest",
        bool ProbeFailedLast = false,
        bool Fulfilled = true);

    private sealed record GateDto(int Id, string Title, string Status, bool Blocking, string Evidence, string Remediation);

    private sealed record GatesDto(string Verdict, List<GateDto> Gates);

    private async Task<GatesDto> GatesAsync(Evidence evidence)
    {
        await ArrangeAsync(evidence);
        return (await (await factory.ClientAsAsync("operator")).GetFromJsonAsync<GatesDto>("/api/ops/gates"))!;
    }

    [Fact]
    public async Task All_evidence_in_place_gives_GO_with_evidence_and_remediation_for_each_gate()
    {
        var gates = await GatesAsync(new Evidence());

        Assert.Equal("GO", gates.Verdict);
        Assert.Equal([1, 2, 3, 4], gates.Gates.Select(g => g.Id));
        Assert.All(gates.Gates, g => Assert.Equal("pass", g.Status));
        Assert.All(gates.Gates, g => Assert.False(string.IsNullOrWhiteSpace(g.Evidence) || string.IsNullOrWhiteSpace(g.Remediation)));
        Assert.DoesNotContain(SharedSecret, JsonSerializer.Serialize(gates), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate1_fails_on_a_secret_mismatch_and_the_verdict_is_HOLD()
    {
        var gates = await GatesAsync(new Evidence(NotifierSecret: "another-secret-entirely"));

        Assert.Equal("fail", gates.Gates[0].Status);
        Assert.Equal("HOLD", gates.Verdict);
    }

    [Fact]
    public async Task Gate2_fails_in_test_keys_mode_and_the_verdict_is_NO_GO()
    {
        var gates = await GatesAsync(new Evidence(SecretKey: "sk_test_OpsGateTest"));

        Assert.Equal("fail", gates.Gates[1].Status);
        Assert.Contains("sk_test_", gates.Gates[1].Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("OpsGateTest", gates.Gates[1].Evidence, StringComparison.Ordinal);
        Assert.Equal("NO-GO", gates.Verdict);
    }

    [Fact]
    public async Task Gate3_fails_when_the_ledger_probe_failed_and_the_verdict_is_NO_GO()
    {
        var gates = await GatesAsync(new Evidence(ProbeFailedLast: true));

        Assert.Equal("fail", gates.Gates[2].Status);
        Assert.Equal("NO-GO", gates.Verdict);
    }

    [Fact]
    public async Task Gate4_fails_without_a_completed_checkout_and_the_verdict_is_HOLD()
    {
        var gates = await GatesAsync(new Evidence(Fulfilled: false));

        Assert.Equal("fail", gates.Gates[3].Status);
        Assert.Equal("HOLD", gates.Verdict);
    }

    [Fact]
    public async Task Widening_needs_role_ceo_a_GO_verdict_and_a_reason_and_every_change_is_audited()
    {
        await ArrangeAsync(new Evidence(Fulfilled: false));
        var (ceo, ceoId) = await factory.SignInAsync("ceo");

        var byOperator = await (await factory.ClientAsAsync("operator")).PostAsJsonAsync("/api/ops/funnel/widen", new { reason = "ready" });
        var onHold = await ceo.PostAsJsonAsync("/api/ops/funnel/widen", new { reason = "ready" });
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Contains("ceo", await byOperator.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, onHold.StatusCode);
        var holdText = await onHold.Content.ReadAsStringAsync();
        Assert.Contains("verdict-not-go", holdText, StringComparison.Ordinal);
        Assert.Contains("HOLD", holdText, StringComparison.Ordinal);

        await ArrangeAsync(new Evidence());
        var noReason = await ceo.PostAsJsonAsync("/api/ops/funnel/widen", new { reason = " " });
        var widened = await ceo.PostAsJsonAsync("/api/ops/funnel/widen", new { reason = "Gates green after the validation run" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, widened.StatusCode);
        Assert.Equal("open", (await widened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString());

        var narrowed = await (await factory.ClientAsAsync("operator")).PostAsJsonAsync("/api/ops/funnel/narrow", new { reason = "weekend" });
        Assert.Equal("pilot", (await narrowed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString());
        var current = await (await factory.ClientAsAsync("operator")).GetFromJsonAsync<JsonElement>("/api/ops/funnel");
        Assert.Equal("pilot", current.GetProperty("stage").GetString());

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var approvals = await db.FunnelApprovals.OrderBy(a => a.At).ToListAsync();
        Assert.Equal([("open", "GO"), ("pilot", "GO")], approvals.Select(a => (a.ToStage, a.Verdict)));
        Assert.Equal($"user:{ceoId}", approvals[0].Actor);
        using (var evidence = JsonDocument.Parse(approvals[0].Evidence))
        {
            Assert.Equal(4, evidence.RootElement.EnumerateArray().Count(g => g.GetProperty("status").GetString() == "pass"));
        }

        var audit = await db.AuditLog.Where(a => a.Subject == "funnel_policy").OrderBy(a => a.At).Select(a => a.Action).ToListAsync();
        Assert.Equal(["funnel.widened", "funnel.narrowed"], audit);
    }

    [Fact]
    public async Task Kpis_give_TFF_from_the_run_and_hop_success_rates_with_failure_reasons()
    {
        await ArrangeAsync(new Evidence(Fulfilled: false));
        var client = (await factory.ClientAsAsync("operator"));
        (await client.PostAsJsonAsync("/api/ops/validation-runs", new { sandbox = true })).EnsureSuccessStatusCode();
        var paymentId = await AddFulfilledPaymentAsync(sandbox: true);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = DateTimeOffset.UtcNow;
            var started = Stopwatch.GetTimestamp();
            db.DeliveryAttempts.AddRange(
                DeliveryAttempt.Inbound(DeliveryAttempt.StripeToProviderRegister, "evt_1", 200, "success", started, null, now),
                DeliveryAttempt.Inbound(DeliveryAttempt.StripeToProviderRegister, "evt_2", 400, "rejected", started, "bad signature", now),
                DeliveryAttempt.Outbound(DeliveryAttempt.ProviderRegisterToAutoComCenter, "receipt:1", 202, "success", started, null, now));
            await db.SaveChangesAsync();
        }

        var kpis = await client.GetFromJsonAsync<JsonElement>("/api/ops/kpis?window=run");

        var tff = kpis.GetProperty("tff");
        Assert.True(tff.GetProperty("sandbox").GetBoolean());
        Assert.Equal(paymentId, tff.GetProperty("paymentId").GetGuid());
        Assert.True(tff.GetProperty("seconds").GetDouble() >= 0);
        var hops = kpis.GetProperty("hops").EnumerateArray().ToDictionary(h => h.GetProperty("hop").GetString()!);
        Assert.Equal(0.5, hops[DeliveryAttempt.StripeToProviderRegister].GetProperty("successRate").GetDouble());
        Assert.Contains("HTTP 400: bad signature",
            hops[DeliveryAttempt.StripeToProviderRegister].GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("reason").GetString()));
        Assert.Equal(1.0, hops[DeliveryAttempt.ProviderRegisterToAutoComCenter].GetProperty("successRate").GetDouble());
        Assert.Equal(JsonValueKind.Null, hops[DeliveryAttempt.AutoComCenterToPostmark].GetProperty("successRate").ValueKind);
    }

    [Fact]
    public async Task Data_mode_follows_the_apps_heartbeats_not_the_readers_settings()
    {
        async Task<DataMode> ModeAsync()
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<GetDataModeHandler>().HandleAsync(CancellationToken.None);
        }

        await ArrangeAsync(new Evidence(SecretKey: "sk_live_OpsGateTest"));
        Assert.Equal(new DataMode(SandboxPayments: false, LocalMailbox: true), await ModeAsync());

        await ArrangeAsync(new Evidence(SecretKey: "sk_test_OpsGateTest"));
        Assert.Equal(new DataMode(SandboxPayments: true, LocalMailbox: true), await ModeAsync());

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var notifier = await db.AppInstances.SingleAsync(i => i.Apps.Contains(ScholarApps.AutoComCenter));
            notifier.SecretsSnapshot = [new SecretsSnapshotItem(ScholarApps.AutoComCenter, GetDataModeHandler.PostmarkToken, "secret", SecretState.Present)];
            await db.SaveChangesAsync();
        }

        Assert.Equal(new DataMode(SandboxPayments: true, LocalMailbox: false), await ModeAsync());

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync("DELETE FROM app_instances");
        }

        Assert.Equal(new DataMode(null, null), await ModeAsync());
    }

    /// <summary>Replaces all gate evidence with exactly what <paramref name="evidence"/> describes.</summary>
    private async Task ArrangeAsync(Evidence evidence)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.ExecuteSqlRawAsync(
            "DELETE FROM app_instances; DELETE FROM stripe_key_checks; DELETE FROM probe_results; DELETE FROM validation_runs; " +
            "DELETE FROM webhook_attempts; UPDATE payments SET fulfilled_at = now() - interval '3 days' WHERE fulfilled_at IS NOT NULL;");
        var now = DateTimeOffset.UtcNow;
        var secretKind = StripeKeys.KindOf(evidence.SecretKey);
        db.AppInstances.Add(Instance([ScholarApps.ProviderRegister, ScholarApps.StudentPilot], SharedSecret, secretKind, StripeKeyKind.PublishableLive, now));
        db.AppInstances.Add(Instance([ScholarApps.AutoComCenter], evidence.NotifierSecret, null, null, now));
        db.StripeKeyChecks.Add(new StripeKeyCheck
        {
            CheckedAt = now.AddMinutes(-5),
            KeyKind = StripeKeys.Describe(secretKind).TrimEnd('_'),
            Succeeded = true,
            Livemode = StripeKeys.IsLiveSecret(secretKind),
        });
        db.ProbeResults.Add(new ProbeResult { Probe = ProbeResult.LedgerProbe, At = now.AddMinutes(-1), Succeeded = true, InstanceId = "test" });
        if (evidence.ProbeFailedLast)
        {
            db.ProbeResults.Add(new ProbeResult { Probe = ProbeResult.LedgerProbe, At = now, Succeeded = false, Error = "read back failed", InstanceId = "test" });
        }

        await db.SaveChangesAsync();
        if (evidence.Fulfilled)
        {
            await AddFulfilledPaymentAsync(sandbox: false);
        }
    }

    private async Task<Guid> AddFulfilledPaymentAsync(bool sandbox)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var package = await db.CreditPackages.FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var payment = Payment.Start(Guid.NewGuid(), package, "student@example.com", livemode: !sandbox, sandbox: sandbox, now);
        payment.AttachCheckoutSession($"cs_test_{Guid.NewGuid():N}", "https://checkout.example/x", now);
        Assert.True(payment.MarkPaid(package.PriceCents, package.Currency, "pi_test", !sandbox, now));
        db.Payments.Add(payment);
        await db.SaveChangesAsync();
        return payment.Id;
    }

    private static AppInstance Instance(List<string> apps, string notifySecret, StripeKeyKind? secretKind, StripeKeyKind? publicKind, DateTimeOffset now) => new()
    {
        InstanceId = Guid.NewGuid().ToString("N"),
        Apps = apps,
        Version = "test",
        StartedAt = now.AddMinutes(-10),
        LastSeenAt = now,
        NotifySecretState = SecretState.Present,
        NotifySecretFingerprint = SecretFingerprint.Of(notifySecret, "server-secret"),
        StripeSecretKeyKind = secretKind,
        StripePublicKeyKind = publicKind,
    };
}
