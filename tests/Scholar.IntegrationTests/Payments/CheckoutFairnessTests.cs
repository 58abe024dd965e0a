using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scholar.IntegrationTests.Infrastructure;
using static Scholar.IntegrationTests.Payments.StripeTestEvents;

namespace Scholar.IntegrationTests.Payments;

/// <summary>DESIGN.md 10.1 funnel fairness, in live mode against the Stripe stub.</summary>
public sealed class CheckoutFairnessTests(LiveKeyFactory factory) : IClassFixture<LiveKeyFactory>
{
    private static async Task<string> ProblemType(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString()!;

    [Fact]
    public async Task Ten_concurrent_live_checkouts_of_one_student_open_exactly_three()
    {
        var (student, userId) = await factory.CreateSignedInClientAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => student.PostAsJsonAsync("/api/checkout", new { packageId = "starter-50" })));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        foreach (var response in refused)
        {
            Assert.EndsWith("/funnel-limit", await ProblemType(response));
        }

        Assert.Equal(3, await factory.ScalarAsync<long>("SELECT count(*) FROM payments WHERE user_id = @u AND status = 'pending'", ("u", userId)));
    }

    [Fact]
    public async Task A_paid_checkout_frees_its_place_and_pending_ones_do_not_use_up_the_daily_cap()
    {
        var (student, userId) = await factory.CreateSignedInClientAsync();
        var started = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            started.Add(await (await student.PostAsJsonAsync("/api/checkout", new { packageId = "starter-50" })).Content.ReadFromJsonAsync<JsonElement>());
        }

        var paidToday = await factory.ScalarAsync<long>("SELECT count(*) FROM payments WHERE livemode AND paid_at >= date_trunc('day', now() AT TIME ZONE 'utc') AT TIME ZONE 'utc'");
        Assert.Equal(HttpStatusCode.Forbidden, (await student.PostAsJsonAsync("/api/checkout", new { packageId = "starter-50" })).StatusCode);
        var first = started[0];
        var paymentId = first.GetProperty("paymentId").GetGuid();
        var paid = Event("checkout.session.completed",
            Session(first.GetProperty("checkoutSessionId").GetString()!, paymentId, 500, paymentIntent: $"pi_{paymentId:N}"), livemode: true);
        Assert.Equal(HttpStatusCode.OK, (await factory.PostWebhookAsync(paid, Sign(paid))).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await student.PostAsJsonAsync("/api/checkout", new { packageId = "starter-50" })).StatusCode);
        Assert.Equal(paidToday + 1, await factory.ScalarAsync<long>(
            "SELECT count(*) FROM payments WHERE livemode AND paid_at >= date_trunc('day', now() AT TIME ZONE 'utc') AT TIME ZONE 'utc'"));
        Assert.Equal(1, await factory.ScalarAsync<long>("SELECT count(*) FROM payments WHERE user_id = @u AND paid_at IS NOT NULL", ("u", userId)));
    }

    [Fact]
    public async Task More_than_ten_checkouts_a_minute_are_429_with_retry_after()
    {
        var (student, userId) = await factory.CreateSignedInClientAsync();
        // Ten recent payments of this student, none of them open: only the per-minute rate can refuse.
        await factory.ScalarAsync<object?>(
            """
            INSERT INTO payments (id, user_id, package_id, credits, amount_cents, currency, customer_email, status, livemode, sandbox,
                refunded_cents, credits_reversed, dispute_amount_cents, created_at, updated_at)
            SELECT gen_random_uuid(), @u, 'starter-50', 50, 500, 'usd', 'x@scholar.test', 'expired', true, false, 0, 0, 0, now(), now()
            FROM generate_series(1, 10)
            """, ("u", userId));

        var response = await student.PostAsJsonAsync("/api/checkout", new { packageId = "starter-50" });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.EndsWith("/checkout-rate-limited", await ProblemType(response));
        Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(10, await factory.ScalarAsync<long>("SELECT count(*) FROM payments WHERE user_id = @u", ("u", userId)));
    }
}
