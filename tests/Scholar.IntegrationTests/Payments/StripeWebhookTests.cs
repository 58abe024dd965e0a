using System.Net;
using Scholar.Domain.Payments;
using static Scholar.IntegrationTests.Payments.StripeTestEvents;

namespace Scholar.IntegrationTests.Payments;

public sealed class StripeWebhookTests(PaymentsFactory factory) : IClassFixture<PaymentsFactory>
{
    private Task<long> PurchaseEntries(Guid paymentId) =>
        factory.ScalarAsync<long>("SELECT count(*) FROM ledger_entries WHERE kind = 'purchase' AND source_id = @id", ("id", paymentId.ToString()));

    private Task<long> Balance(Guid userId) =>
        factory.ScalarAsync<long>("SELECT coalesce((SELECT balance FROM credit_accounts WHERE user_id = @u), 0)", ("u", userId));

    private Task<long> ReceiptRows(Guid paymentId) =>
        factory.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE idempotency_key = @k", ("k", $"notification.send:receipt:{paymentId}"));

    private Task<long> RejectedSignatures() =>
        factory.ScalarAsync<long>("SELECT coalesce(sum(count), 0)::bigint FROM rejected_deliveries WHERE hop = 'stripe→provider_register' AND reason = 'invalid-signature'");

    private Task<long> StripeEventRows(string eventId) =>
        factory.ScalarAsync<long>("SELECT count(*) FROM stripe_events WHERE event_id = @e", ("e", eventId));

    [Fact]
    public async Task Paid_session_fulfils_once_with_credits_and_a_receipt()
    {
        var userId = Guid.NewGuid();
        var payment = await factory.CreatePendingPaymentAsync(userId);
        var payload = Event("checkout.session.completed", Session(payment.CheckoutSessionId!, payment.Id, 1000));

        var response = await factory.PostWebhookAsync(payload, Sign(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PaymentStatus.Fulfilled, (await factory.GetPaymentAsync(payment.Id)).Status);
        Assert.Equal(1, await PurchaseEntries(payment.Id));
        Assert.Equal(120, await Balance(userId));
        Assert.Equal(1, await ReceiptRows(payment.Id));
    }

    [Fact]
    public async Task The_same_event_50_times_concurrently_and_3_late_retries_credit_once()
    {
        var userId = Guid.NewGuid();
        var payment = await factory.CreatePendingPaymentAsync(userId);
        var payload = Event("checkout.session.completed", Session(payment.CheckoutSessionId!, payment.Id, 1000));

        var burst = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => factory.PostWebhookAsync(payload, Sign(payload))));
        var late = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            late.Add(await factory.PostWebhookAsync(payload, Sign(payload)));
        }

        Assert.All(burst.Concat(late), r => Assert.True(r.IsSuccessStatusCode, $"status {(int)r.StatusCode}"));
        Assert.Equal(1, await PurchaseEntries(payment.Id));
        Assert.Equal(120, await Balance(userId));
        Assert.Equal(1, await ReceiptRows(payment.Id));
    }

    [Fact]
    public async Task Different_events_for_one_session_in_any_order_credit_once()
    {
        var userId = Guid.NewGuid();
        var payment = await factory.CreatePendingPaymentAsync(userId);
        string[] payloads =
        [
            Event("checkout.session.expired", Session(payment.CheckoutSessionId!, payment.Id, 1000, "unpaid", "expired")),
            Event("checkout.session.async_payment_succeeded", Session(payment.CheckoutSessionId!, payment.Id, 1000)),
            Event("checkout.session.async_payment_failed", Session(payment.CheckoutSessionId!, payment.Id, 1000, "unpaid")),
            Event("checkout.session.completed", Session(payment.CheckoutSessionId!, payment.Id, 1000)),
        ];

        var responses = await Task.WhenAll(payloads.Select(p => factory.PostWebhookAsync(p, Sign(p))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(PaymentStatus.Fulfilled, (await factory.GetPaymentAsync(payment.Id)).Status);
        Assert.Equal(1, await PurchaseEntries(payment.Id));
        Assert.Equal(120, await Balance(userId));
    }

    [Fact]
    public async Task Completed_but_unpaid_session_credits_nothing()
    {
        var userId = Guid.NewGuid();
        var payment = await factory.CreatePendingPaymentAsync(userId);
        var payload = Event("checkout.session.completed", Session(payment.CheckoutSessionId!, payment.Id, 1000, paymentStatus: "unpaid"));

        var response = await factory.PostWebhookAsync(payload, Sign(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PaymentStatus.Pending, (await factory.GetPaymentAsync(payment.Id)).Status);
        Assert.Equal(0, await PurchaseEntries(payment.Id));
    }

    [Fact]
    public async Task Signed_body_with_a_lone_surrogate_in_a_property_name_is_a_400_not_a_500()
    {
        const string payload = """{"id":"evt_surrogate","object":"event","x":{"a\ud83d":1,"a\ud83d":2}}""";

        var response = await factory.PostWebhookAsync(payload, Sign(payload));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Amount_that_does_not_match_the_package_needs_review_without_credit()
    {
        var userId = Guid.NewGuid();
        var payment = await factory.CreatePendingPaymentAsync(userId);
        var payload = Event("checkout.session.completed", Session(payment.CheckoutSessionId!, payment.Id, 1));

        var response = await factory.PostWebhookAsync(payload, Sign(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await factory.GetPaymentAsync(payment.Id);
        Assert.Equal(PaymentStatus.NeedsReview, after.Status);
        Assert.NotNull(after.ReviewReason);
        Assert.Equal(0, await Balance(userId));
        Assert.Equal(0, await ReceiptRows(payment.Id));
    }

    [Fact]
    public async Task Half_refund_reverses_half_the_credits_once_even_if_the_event_repeats()
    {
        var userId = Guid.NewGuid();
        var payment = await factory.CreatePendingPaymentAsync(userId);
        var paid = Event("checkout.session.completed", Session(payment.CheckoutSessionId!, payment.Id, 1000, paymentIntent: $"pi_{payment.Id:N}"));
        await factory.PostWebhookAsync(paid, Sign(paid));
        var first = Event("charge.refunded", Charge($"ch_{payment.Id:N}", $"pi_{payment.Id:N}", 1000, 500));
        var again = Event("charge.refunded", Charge($"ch_{payment.Id:N}", $"pi_{payment.Id:N}", 1000, 500));
        var responses = new[] { await factory.PostWebhookAsync(first, Sign(first)), await factory.PostWebhookAsync(first, Sign(first)), await factory.PostWebhookAsync(again, Sign(again)) };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(60, await Balance(userId));
        Assert.Equal(PaymentStatus.PartiallyRefunded, (await factory.GetPaymentAsync(payment.Id)).Status);
        Assert.Equal(1, await factory.ScalarAsync<long>("SELECT count(*) FROM ledger_entries WHERE kind = 'refund' AND source_id LIKE @p", ("p", $"{payment.Id}:%")));
    }

    [Fact]
    public async Task Dispute_reverses_and_a_won_dispute_restores()
    {
        var userId = Guid.NewGuid();
        var payment = await factory.CreatePendingPaymentAsync(userId);
        var pi = $"pi_{payment.Id:N}";
        var paid = Event("checkout.session.completed", Session(payment.CheckoutSessionId!, payment.Id, 1000, paymentIntent: pi));
        await factory.PostWebhookAsync(paid, Sign(paid));

        var created = Event("charge.dispute.created", Dispute("dp_1", "ch_1", pi, 1000, "needs_response"));
        await factory.PostWebhookAsync(created, Sign(created));
        var afterCreated = await Balance(userId);
        var closed = Event("charge.dispute.closed", Dispute("dp_1", "ch_1", pi, 1000, "won"));
        await factory.PostWebhookAsync(closed, Sign(closed));

        Assert.Equal(0, afterCreated);
        Assert.Equal(120, await Balance(userId));
        Assert.Equal(PaymentStatus.Fulfilled, (await factory.GetPaymentAsync(payment.Id)).Status);
    }

    [Fact]
    public async Task Unknown_event_types_are_acknowledged_and_recorded()
    {
        var payload = Event("customer.created", new System.Text.Json.Nodes.JsonObject { ["id"] = "cus_1", ["object"] = "customer" }, id: "evt_unknown_type_1");

        var response = await factory.PostWebhookAsync(payload, Sign(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await StripeEventRows("evt_unknown_type_1"));
    }

    public static TheoryData<string, bool> SignatureCases => new()
    {
        { "valid", true },
        { "body-byte-changed", false },
        { "wrong-secret", false },
        { "missing-header", false },
        { "malformed-header", false },
        { "timestamp-minus-299", true },
        { "timestamp-plus-299", true },
        { "timestamp-minus-301", false },
        { "timestamp-plus-301", false },
        { "two-v1-one-valid", true },
    };

    [Theory]
    [MemberData(nameof(SignatureCases))]
    public async Task Only_properly_signed_webhooks_write_anything(string @case, bool accepted)
    {
        var userId = Guid.NewGuid();
        var payment = await factory.CreatePendingPaymentAsync(userId);
        var eventId = $"evt_sig_{Guid.NewGuid():N}";
        var payload = Event("checkout.session.completed", Session(payment.CheckoutSessionId!, payment.Id, 1000), id: eventId);
        var now = DateTimeOffset.UtcNow;
        var (body, header) = @case switch
        {
            "valid" => (payload, Sign(payload)),
            "body-byte-changed" => (payload.Replace("\"amount_total\":1000", "\"amount_total\":1001", StringComparison.Ordinal), Sign(payload)),
            "wrong-secret" => (payload, Sign(payload, "whsec_someone_else")),
            "missing-header" => (payload, null),
            "malformed-header" => (payload, "this is not a signature"),
            "timestamp-minus-299" => (payload, Sign(payload, at: now.AddSeconds(-299))),
            "timestamp-plus-299" => (payload, Sign(payload, at: now.AddSeconds(299))),
            "timestamp-minus-301" => (payload, Sign(payload, at: now.AddSeconds(-301))),
            "timestamp-plus-301" => (payload, Sign(payload, at: now.AddSeconds(301))),
            "two-v1-one-valid" => (payload, $"{Sign(payload)},v1={new string('0', 64)}"),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };

        var rejectedBefore = await RejectedSignatures();

        var response = await factory.PostWebhookAsync(body, header);

        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
        if (accepted)
        {
            Assert.Equal(1, await factory.ScalarAsync<long>(
                "SELECT count(*) FROM webhook_attempts WHERE hop = 'stripe→provider_register' AND direction = 'inbound' AND status_code = 200 AND key = @e",
                ("e", eventId)));
        }
        else
        {
            Assert.True(await RejectedSignatures() > rejectedBefore);
        }

        Assert.Equal(accepted ? 1 : 0, await StripeEventRows(eventId));
        Assert.Equal(accepted ? 120 : 0, await Balance(userId));
        if (!accepted)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}

/// <summary>DESIGN.md 10.1: unsigned floods are counted, not stored; they cannot grow the database.</summary>
public sealed class UnsignedFloodTests(PaymentsFactory factory, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PaymentsFactory>
{
    private const int Posts = 10_000;

    [Fact]
    public async Task Ten_thousand_badly_signed_posts_grow_no_table_by_more_than_a_few_rows_and_all_count_as_failures()
    {
        // The host's first request creates its development signing keys; that happens before counting.
        var client = factory.CreateClient();
        await factory.PostWebhookAsync("{}", "t=1,v1=00");
        await using var rows = await Fuzz.RowCounts.OpenAsync(factory.Database.ConnectionString);
        var before = await rows.ReadAsync();
        const string CounterRows = "SELECT count(*) FROM rejected_deliveries";
        const string Counted = "SELECT coalesce(sum(count), 0)::bigint FROM rejected_deliveries WHERE hop = 'stripe→provider_register' AND reason = 'invalid-signature'";
        var counterRowsBefore = await factory.ScalarAsync<long>(CounterRows);
        var countedBefore = await factory.ScalarAsync<long>(Counted);
        var payload = Event("checkout.session.completed", Session("cs_flood", Guid.NewGuid(), 1000));
        var forged = Sign(payload, "whsec_not_the_secret");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var next = 0;
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= Posts)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload) };
                request.Headers.TryAddWithoutValidation("Stripe-Signature", forged);
                using var response = await client.SendAsync(request);
                statuses.Add(response.StatusCode);
            }
        }));
        var after = await rows.ReadAsync();

        var counterRows = await factory.ScalarAsync<long>(CounterRows) - counterRowsBefore;

        output.WriteLine($"{Posts} forged posts in {started.ElapsedMilliseconds} ms; rejected_deliveries +{counterRows} rows; other tables: [{string.Join(", ", rows.Differences(before, after))}]");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Empty(rows.Differences(before, after));
        // One row per minute: the warm-up's minute already has its row, so a flood within it adds none.
        Assert.InRange(counterRows, 0, 3);
        Assert.Equal(Posts, await factory.ScalarAsync<long>(Counted) - countedBefore);
    }
}
