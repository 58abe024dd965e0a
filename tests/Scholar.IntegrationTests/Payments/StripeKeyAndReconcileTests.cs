using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Payments.ReconcileStripe;
using Scholar.Domain.Payments;
using Scholar.Infrastructure.Payments;
using Scholar.Infrastructure.Persistence;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Payments;

/// <summary>A host whose provider_register holds a live Stripe key, talking to the Stripe stub.</summary>
public sealed class LiveKeyFactory : PaymentsFactory
{
    public StripeStub Stripe { get; } = new() { Livemode = true };

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["STRIPE_SECRET_KEY"] = "sk_live_valid",
        ["STRIPE_API_BASE_URL"] = Stripe.BaseUrl,
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class StripeKeyMonitorTests(LiveKeyFactory factory) : IClassFixture<LiveKeyFactory>
{
    [Fact]
    public async Task Key_check_records_the_live_mode_Stripe_answered_without_the_key()
    {
        await factory.Services.GetRequiredService<StripeKeyMonitor>().RunOnceAsync(CancellationToken.None);

        await using var scope = factory.Services.CreateAsyncScope();
        var check = await scope.ServiceProvider.GetRequiredService<AppDbContext>().StripeKeyChecks
            .OrderByDescending(c => c.CheckedAt).FirstAsync();
        Assert.Equal("sk_live", check.KeyKind);
        Assert.True(check.Succeeded);
        Assert.True(check.Livemode);
        Assert.Contains(factory.Stripe.Received, r => r.Path == "/v1/balance" && r.Authorization == "Bearer sk_live_valid");
        Assert.Equal(0, await factory.ScalarAsync<long>("SELECT count(*) FROM stripe_key_checks WHERE key_kind LIKE '%valid%' OR coalesce(error, '') LIKE '%valid%'"));
    }
}

public sealed class ReconcileTests(SandboxPaymentsFactory factory) : IClassFixture<SandboxPaymentsFactory>
{
    private sealed record Checkout(Guid PaymentId, string CheckoutSessionId, string Url);

    [Fact]
    public async Task A_session_paid_at_the_provider_whose_webhook_was_lost_is_fulfilled_once_by_reconciliation()
    {
        var (client, userId) = await factory.CreateSignedInClientAsync();
        var checkout = (await (await client.PostAsJsonAsync("/api/checkout", new { packageId = "starter-50" })).Content.ReadFromJsonAsync<Checkout>())!;
        // The provider took the money but the webhook never arrived.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var session = await db.SandboxSessions.SingleAsync(s => s.Id == checkout.CheckoutSessionId);
            session.Status = "complete";
            session.PaymentStatus = "paid";
            session.PaymentIntentId = "pi_reconcile_1";
            await db.SaveChangesAsync();
        }

        IReadOnlyList<Reconciled> first, second;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            first = await scope.ServiceProvider.GetRequiredService<ReconcileStripeHandler>().HandleAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            second = await scope.ServiceProvider.GetRequiredService<ReconcileStripeHandler>().HandleAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);
        }

        Assert.Contains(first, r => r.PaymentId == checkout.PaymentId && r.Outcome == "fulfilled");
        Assert.DoesNotContain(second, r => r.PaymentId == checkout.PaymentId);
        Assert.Equal(PaymentStatus.Fulfilled, (await factory.GetPaymentAsync(checkout.PaymentId)).Status);
        Assert.Equal(1, await factory.ScalarAsync<long>("SELECT count(*) FROM ledger_entries WHERE kind = 'purchase' AND source_id = @id", ("id", checkout.PaymentId.ToString())));
        Assert.Equal(50, await factory.ScalarAsync<long>("SELECT balance FROM credit_accounts WHERE user_id = @u", ("u", userId)));
    }
}

/// <summary>Reconciliation against Stripe (the stub's list routes): refunds and disputes come in through the webhook's path.</summary>
public sealed class LiveReconcileTests(LiveKeyFactory factory) : IClassFixture<LiveKeyFactory>
{
    private sealed record Checkout(Guid PaymentId, string CheckoutSessionId, string Url);

    private async Task<IReadOnlyList<Reconciled>> ReconcileAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReconcileStripeHandler>().HandleAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);
    }

    [Fact]
    public async Task Missed_payment_refund_and_lost_dispute_are_all_brought_in_once()
    {
        var (refundedStudent, refundedUser) = await factory.CreateSignedInClientAsync();
        var (disputedStudent, disputedUser) = await factory.CreateSignedInClientAsync();
        var refunded = (await (await refundedStudent.PostAsJsonAsync("/api/checkout", new { packageId = "starter-50" })).Content.ReadFromJsonAsync<Checkout>())!;
        var disputed = (await (await disputedStudent.PostAsJsonAsync("/api/checkout", new { packageId = "starter-50" })).Content.ReadFromJsonAsync<Checkout>())!;
        // Stripe took both payments, refunded the first in full and lost a dispute on the second; no webhook arrived.
        foreach (var (checkout, tag) in new[] { (refunded, "r"), (disputed, "d") })
        {
            factory.Stripe.Sessions.Enqueue(new JsonObject
            {
                ["id"] = checkout.CheckoutSessionId, ["object"] = "checkout.session", ["amount_total"] = 500, ["currency"] = "usd",
                ["client_reference_id"] = checkout.PaymentId.ToString(), ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["livemode"] = true,
                ["mode"] = "payment", ["payment_intent"] = $"pi_{tag}_{checkout.PaymentId:N}", ["payment_status"] = "paid", ["status"] = "complete",
            });
        }

        var chargeId = $"ch_r_{refunded.PaymentId:N}";
        factory.Stripe.Refunds.Enqueue(new JsonObject { ["id"] = "re_1", ["object"] = "refund", ["amount"] = 500, ["charge"] = chargeId, ["status"] = "succeeded" });
        factory.Stripe.Charges[chargeId] = StripeTestEvents.Charge(chargeId, $"pi_r_{refunded.PaymentId:N}", 500, 500);
        factory.Stripe.Disputes.Enqueue(StripeTestEvents.Dispute("dp_recon", $"ch_d_{disputed.PaymentId:N}", $"pi_d_{disputed.PaymentId:N}", 500, "lost"));

        var first = await ReconcileAsync();
        var second = await ReconcileAsync();

        Assert.Contains(first, r => r.PaymentId == refunded.PaymentId && r.Outcome == "refund_reversed");
        Assert.Contains(first, r => r.PaymentId == disputed.PaymentId && r.Outcome == "dispute_closed_lost");
        Assert.All(second.Where(r => r.Subject.StartsWith("ch_", StringComparison.Ordinal) || r.Subject.StartsWith("dp_", StringComparison.Ordinal)),
            r => Assert.Equal("already_reconciled", r.Outcome));
        Assert.Equal(PaymentStatus.Refunded, (await factory.GetPaymentAsync(refunded.PaymentId)).Status);
        Assert.Equal(PaymentStatus.Disputed, (await factory.GetPaymentAsync(disputed.PaymentId)).Status);
        foreach (var user in new[] { refundedUser, disputedUser })
        {
            Assert.Equal(0, await factory.ScalarAsync<long>("SELECT balance FROM credit_accounts WHERE user_id = @u", ("u", user)));
            Assert.Equal(2, await factory.ScalarAsync<long>(
                "SELECT count(*) FROM ledger_entries e JOIN credit_accounts a ON a.id = e.account_id WHERE a.user_id = @u", ("u", user)));
        }

        Assert.Contains(factory.Stripe.Received, r => r.Path == "/v1/refunds");
        Assert.Contains(factory.Stripe.Received, r => r.Path == "/v1/disputes");
        Assert.Contains(factory.Stripe.Received, r => r.Path == $"/v1/charges/{chargeId}");
    }
}
