using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scholar.Domain.Auth;
using Scholar.Domain.Payments;
using Scholar.IntegrationTests.Infrastructure;
using Scholar.IntegrationTests.Payments;
using static Scholar.IntegrationTests.Payments.StripeTestEvents;

namespace Scholar.IntegrationTests.Ops;

/// <summary>
/// The operator actions of DESIGN.md 10.3 over HTTP on a real port: the sandbox gateway takes the
/// refund and sends its signed <c>charge.refunded</c> to /webhooks/stripe, which reverses the credits.
/// </summary>
public sealed class OpsActionsTests(SandboxPaymentsFactory factory) : IClassFixture<SandboxPaymentsFactory>
{
    private sealed record Checkout(Guid PaymentId, string CheckoutSessionId, string Url);

    private sealed record Refund(Guid PaymentId, string RefundId, long AmountCents, string Status);

    /// <summary>A student buys standard-120 (120 credits for 1000 cents in the seed) through the sandbox.</summary>
    private async Task<(HttpClient Student, Guid UserId, Guid PaymentId)> PurchaseAsync(long? paidCents = null)
    {
        var (student, userId) = await factory.CreateSignedInClientAsync();
        var checkout = (await (await student.PostAsJsonAsync("/api/checkout", new { packageId = "standard-120" })).Content.ReadFromJsonAsync<Checkout>())!;
        if (paidCents is { } cents)
        {
            await factory.ScalarAsync<int>("WITH u AS (UPDATE sandbox_sessions SET amount_cents = @a WHERE id = @id RETURNING 1) SELECT count(*)::int FROM u",
                ("a", cents), ("id", checkout.CheckoutSessionId));
        }

        var pay = await factory.CreateClient().PostAsync($"/sandbox/checkout/{checkout.CheckoutSessionId}/pay", null);
        Assert.Equal(HttpStatusCode.OK, pay.StatusCode);
        return (student, userId, checkout.PaymentId);
    }

    private static HttpRequestMessage Post(string path, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    private async Task<long> BalanceAsync(Guid userId) =>
        await factory.ScalarAsync<long>("SELECT coalesce((SELECT balance FROM credit_accounts WHERE user_id = @u), 0)", ("u", userId));

    private async Task<long> RefundEntriesAsync(Guid paymentId) =>
        await factory.ScalarAsync<long>("SELECT count(*) FROM ledger_entries WHERE kind = 'refund' AND source_id LIKE @p", ("p", $"{paymentId}:%"));

    [Fact]
    public async Task Partial_refund_posted_twice_with_one_key_is_refunded_once_and_its_credits_reversed_once_by_the_webhook()
    {
        var (_, userId, paymentId) = await PurchaseAsync();
        var (ops, _) = await factory.CreateSignedInClientAsync(Role.Operator);
        Assert.Equal(120, await BalanceAsync(userId));

        using var first = Post($"/api/ops/payments/{paymentId}/refund", new { amountCents = 500, reason = "Half back: course cancelled" }, "refund-half-1");
        using var second = Post($"/api/ops/payments/{paymentId}/refund", new { amountCents = 500, reason = "Half back: course cancelled" }, "refund-half-1");
        var a = await ops.SendAsync(first);
        var b = await ops.SendAsync(second);

        Assert.Equal(HttpStatusCode.Accepted, a.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, b.StatusCode);
        var refundA = (await a.Content.ReadFromJsonAsync<Refund>())!;
        var refundB = (await b.Content.ReadFromJsonAsync<Refund>())!;
        Assert.Equal(refundA, refundB);
        Assert.Equal(paymentId, refundA.PaymentId);
        Assert.Equal(500, refundA.AmountCents);
        Assert.Equal("succeeded", refundA.Status);
        Assert.StartsWith("re_sandbox_", refundA.RefundId, StringComparison.Ordinal);

        // The credits moved through the webhook: one charge.refunded event, one refund entry.
        Assert.Equal(1, await factory.ScalarAsync<long>("SELECT count(*) FROM sandbox_refunds r JOIN sandbox_sessions s ON s.id = r.session_id WHERE s.payment_id = @p", ("p", paymentId)));
        Assert.Equal(1, await factory.ScalarAsync<long>("SELECT count(*) FROM stripe_events WHERE type = 'charge.refunded' AND payment_id = @p AND outcome = 'refund_reversed'", ("p", paymentId)));
        Assert.Equal(1, await RefundEntriesAsync(paymentId));
        Assert.Equal(60, await BalanceAsync(userId));
        var payment = await factory.GetPaymentAsync(paymentId);
        Assert.Equal(PaymentStatus.PartiallyRefunded, payment.Status);
        Assert.Equal(500, payment.RefundedCents);
        Assert.Equal(1, await factory.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'payment.refund_requested' AND subject = @s", ("s", $"payment:{paymentId}")));
    }

    [Fact]
    public async Task Refund_of_the_rest_then_another_refund_is_a_409_nothing_to_refund()
    {
        var (_, userId, paymentId) = await PurchaseAsync();
        var (ops, _) = await factory.CreateSignedInClientAsync(Role.Operator);

        using var all = Post($"/api/ops/payments/{paymentId}/refund", new { reason = "Charged by mistake" }, "refund-all-1");
        var full = await ops.SendAsync(all);
        Assert.Equal(HttpStatusCode.Accepted, full.StatusCode);
        Assert.Equal(1000, (await full.Content.ReadFromJsonAsync<Refund>())!.AmountCents);
        Assert.Equal(0, await BalanceAsync(userId));
        Assert.Equal(PaymentStatus.Refunded, (await factory.GetPaymentAsync(paymentId)).Status);

        using var more = Post($"/api/ops/payments/{paymentId}/refund", new { amountCents = 1, reason = "One more cent" }, "refund-all-2");
        var conflict = await ops.SendAsync(more);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await conflict.Content.ReadAsStringAsync());
        Assert.EndsWith("nothing-to-refund", problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await RefundEntriesAsync(paymentId));
    }

    [Fact]
    public async Task Student_is_refused_every_ops_action_with_403_and_nothing_is_written()
    {
        var (student, _, paymentId) = await PurchaseAsync();

        var responses = new List<HttpResponseMessage>
        {
            await student.SendAsync(Post($"/api/ops/payments/{paymentId}/refund", new { reason = "mine" }, "student-1")),
            await student.SendAsync(Post($"/api/ops/payments/{paymentId}/resolve", new { decision = "fulfil", reason = "mine" }, "student-2")),
            await student.PostAsJsonAsync("/api/ops/reconcile", new { since = DateTimeOffset.UtcNow.AddHours(-1) }),
            await student.GetAsync("/api/ops/users?email=student@example.com"),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(0, await factory.ScalarAsync<long>("SELECT count(*) FROM sandbox_refunds r JOIN sandbox_sessions s ON s.id = r.session_id WHERE s.payment_id = @p", ("p", paymentId)));
    }

    [Fact]
    public async Task Operator_without_scope_ops_is_refused()
    {
        var (_, _, paymentId) = await PurchaseAsync();
        var (ops, _) = await factory.CreateSignedInClientAsync(Role.Operator, "openid", "credits");

        var response = await ops.SendAsync(Post($"/api/ops/payments/{paymentId}/refund", new { reason = "no scope" }, "noscope-1"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Bad_refund_input_is_a_problem_and_writes_nothing()
    {
        var (_, _, paymentId) = await PurchaseAsync();
        var (ops, _) = await factory.CreateSignedInClientAsync(Role.Operator);

        var noKey = await ops.SendAsync(Post($"/api/ops/payments/{paymentId}/refund", new { reason = "no key" }, null));
        var negative = await ops.SendAsync(Post($"/api/ops/payments/{paymentId}/refund", new { amountCents = -5, reason = "negative" }, "bad-1"));
        var noReason = await ops.SendAsync(Post($"/api/ops/payments/{paymentId}/refund", new { amountCents = 5, reason = "" }, "bad-2"));
        var tooMuch = await ops.SendAsync(Post($"/api/ops/payments/{paymentId}/refund", new { amountCents = 5000, reason = "too much" }, "bad-3"));
        var unknown = await ops.SendAsync(Post($"/api/ops/payments/{Guid.NewGuid()}/refund", new { reason = "who" }, "bad-4"));

        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("amountCents", await negative.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.All(new[] { noKey, negative, noReason, tooMuch, unknown }, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Equal(0, await factory.ScalarAsync<long>("SELECT count(*) FROM sandbox_refunds r JOIN sandbox_sessions s ON s.id = r.session_id WHERE s.payment_id = @p", ("p", paymentId)));
        Assert.Equal(0, await factory.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE subject = @s", ("s", $"payment:{paymentId}")));
    }

    [Fact]
    public async Task Resolve_fulfil_grants_the_credits_net_of_a_refund_reported_while_in_review()
    {
        var userId = Guid.NewGuid();
        var payment = await factory.CreatePendingPaymentAsync(userId);
        var pi = $"pi_{payment.Id:N}";
        var paid = Event("checkout.session.completed", Session(payment.CheckoutSessionId!, payment.Id, 999, paymentIntent: pi));
        await factory.PostWebhookAsync(paid, Sign(paid));
        var refunded = Event("charge.refunded", Charge($"ch_{payment.Id:N}", pi, 1000, 250));
        await factory.PostWebhookAsync(refunded, Sign(refunded));
        Assert.Equal(PaymentStatus.NeedsReview, (await factory.GetPaymentAsync(payment.Id)).Status);
        var (ops, _) = await factory.CreateSignedInClientAsync(Role.Operator);

        var response = await ops.SendAsync(Post($"/api/ops/payments/{payment.Id}/resolve", new { decision = "fulfil", reason = "Customer paid by bank; fine" }, "resolve-1"));
        var again = await ops.SendAsync(Post($"/api/ops/payments/{payment.Id}/resolve", new { decision = "fulfil", reason = "Twice" }, "resolve-2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("partially_refunded", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(90, await BalanceAsync(userId)); // 120 granted, a quarter (30) taken back for the refund
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("not-in-review", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await factory.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'payment.review_resolved' AND subject = @s", ("s", $"payment:{payment.Id}")));
    }

    [Fact]
    public async Task Resolve_refund_refunds_the_whole_charge_through_the_sandbox_and_grants_nothing()
    {
        var (_, userId, paymentId) = await PurchaseAsync(paidCents: 1200);
        Assert.Equal(PaymentStatus.NeedsReview, (await factory.GetPaymentAsync(paymentId)).Status);
        var (ops, _) = await factory.CreateSignedInClientAsync(Role.Operator);

        var response = await ops.SendAsync(Post($"/api/ops/payments/{paymentId}/resolve", new { decision = "refund", reason = "Wrong amount charged" }, "resolve-r-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("refunded", body.RootElement.GetProperty("status").GetString());
        Assert.StartsWith("re_sandbox_", body.RootElement.GetProperty("refundId").GetString(), StringComparison.Ordinal);
        Assert.Equal(1200, await factory.ScalarAsync<long>("SELECT amount_refunded FROM sandbox_sessions WHERE payment_id = @p", ("p", paymentId)));
        Assert.Equal(0, await BalanceAsync(userId));
        Assert.Equal(PaymentStatus.Refunded, (await factory.GetPaymentAsync(paymentId)).Status);
    }

    [Fact]
    public async Task Resolve_of_a_payment_not_in_review_is_a_409()
    {
        var (_, _, paymentId) = await PurchaseAsync();
        var (ops, _) = await factory.CreateSignedInClientAsync(Role.Operator);

        var response = await ops.SendAsync(Post($"/api/ops/payments/{paymentId}/resolve", new { decision = "refund", reason = "no" }, "resolve-x-1"));
        var bad = await ops.SendAsync(Post($"/api/ops/payments/{paymentId}/resolve", new { decision = "maybe", reason = "no" }, "resolve-x-2"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(0, await factory.ScalarAsync<long>("SELECT amount_refunded FROM sandbox_sessions WHERE payment_id = @p", ("p", paymentId)));
    }

    [Fact]
    public async Task Reconcile_counts_what_it_checked_and_is_audited()
    {
        var (ops, _) = await factory.CreateSignedInClientAsync(Role.Operator);

        var response = await ops.PostAsJsonAsync("/api/ops/reconcile", new { since = DateTimeOffset.UtcNow.AddHours(-1) });
        var missing = await ops.PostAsJsonAsync("/api/ops/reconcile", new { });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("checked").GetInt32() >= 0);
        Assert.True(body.RootElement.TryGetProperty("fulfilled", out _));
        Assert.True(body.RootElement.TryGetProperty("reversed", out _));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True(await factory.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'payments.reconciled'") >= 1);
    }

    [Fact]
    public async Task User_lookup_shows_roles_balance_and_payments()
    {
        var (_, userId, paymentId) = await PurchaseAsync();
        var email = await factory.ScalarAsync<string>("SELECT email FROM users WHERE id = @u", ("u", userId));
        var (ops, _) = await factory.CreateSignedInClientAsync(Role.Operator);

        using var body = JsonDocument.Parse(await ops.GetStringAsync($"/api/ops/users?email={Uri.EscapeDataString(email.ToUpperInvariant())}"));
        var unknown = await ops.GetAsync("/api/ops/users?email=nobody%40example.com");
        var empty = await ops.GetAsync("/api/ops/users");

        Assert.Equal(userId, body.RootElement.GetProperty("userId").GetGuid());
        Assert.Equal(email, body.RootElement.GetProperty("email").GetString());
        Assert.Equal("student", body.RootElement.GetProperty("roles")[0].GetString());
        Assert.Equal(120, body.RootElement.GetProperty("balance").GetInt64());
        var payment = body.RootElement.GetProperty("payments")[0];
        Assert.Equal(paymentId, payment.GetProperty("paymentId").GetGuid());
        Assert.Equal("fulfilled", payment.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }
}
