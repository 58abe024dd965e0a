using Scholar.Domain.Common;
using Scholar.Domain.Ops;
using Scholar.Domain.Payments;

namespace Scholar.Domain.Tests.Payments;

public sealed class PaymentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static readonly CreditPackage Standard = new() { Id = "standard-120", Name = "Standard", Credits = 120, PriceCents = 1000, Currency = "usd" };

    private static Payment NewPayment() => Payment.Start(Guid.NewGuid(), Standard, "ada@example.com", livemode: false, sandbox: true, Now);

    private static Payment PaidPayment()
    {
        var payment = NewPayment();
        Assert.True(payment.MarkPaid(1000, "usd", "pi_1", false, Now));
        return payment;
    }

    [Fact]
    public void Paid_with_matching_amount_is_fulfilled_exactly_once()
    {
        var payment = NewPayment();

        Assert.True(payment.MarkPaid(1000, "USD", "pi_1", false, Now));
        Assert.False(payment.MarkPaid(1000, "usd", "pi_1", false, Now));
        Assert.Equal(PaymentStatus.Fulfilled, payment.Status);
        Assert.Equal(Now, payment.FulfilledAt);
    }

    [Theory]
    [InlineData(999, "usd")]
    [InlineData(1000, "eur")]
    public void Paid_amount_or_currency_that_differs_from_the_package_needs_review_and_grants_nothing(long amount, string currency)
    {
        var payment = NewPayment();

        Assert.False(payment.MarkPaid(amount, currency, "pi_1", false, Now));
        Assert.Equal(PaymentStatus.NeedsReview, payment.Status);
        Assert.Contains("standard-120", payment.ReviewReason, StringComparison.Ordinal);
    }

    public static TheoryData<string[]> AllOrderings()
    {
        string[] events = ["completed", "succeeded", "failed", "expired"];
        var data = new TheoryData<string[]>();
        foreach (var a in events)
        {
            foreach (var b in events.Where(x => x != a))
            {
                foreach (var c in events.Where(x => x != a && x != b))
                {
                    data.Add([a, b, c, events.Single(x => x != a && x != b && x != c)]);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllOrderings))]
    public void Every_ordering_of_session_events_ends_fulfilled_with_one_grant(string[] order)
    {
        var payment = NewPayment();
        var grants = 0;
        foreach (var e in order)
        {
            switch (e)
            {
                case "completed" or "succeeded":
                    grants += payment.MarkPaid(1000, "usd", "pi_1", false, Now) ? 1 : 0;
                    break;
                case "failed":
                    payment.MarkFailed(Now);
                    break;
                default:
                    payment.MarkExpired(Now);
                    break;
            }
        }

        Assert.Equal(PaymentStatus.Fulfilled, payment.Status);
        Assert.Equal(1, grants);
    }

    [Fact]
    public void Failed_and_expired_in_either_order_end_failed()
    {
        var first = NewPayment();
        first.MarkFailed(Now);
        first.MarkExpired(Now);
        var second = NewPayment();
        second.MarkExpired(Now);
        second.MarkFailed(Now);

        Assert.Equal(PaymentStatus.Failed, first.Status);
        Assert.Equal(PaymentStatus.Failed, second.Status);
    }

    [Fact]
    public void Half_refund_reverses_half_the_credits_once_even_when_repeated()
    {
        var payment = PaidPayment();

        Assert.Equal(-60, payment.RecordRefund("ch_1", 500, Now));
        Assert.Equal(0, payment.RecordRefund("ch_1", 500, Now));
        Assert.Equal(PaymentStatus.PartiallyRefunded, payment.Status);
        Assert.Equal(-60, payment.RecordRefund("ch_1", 1000, Now));
        Assert.Equal(0, payment.RecordRefund("ch_1", 500, Now));
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.Equal(120, payment.CreditsReversed);
    }

    [Fact]
    public void Refund_of_an_unpaid_payment_reverses_nothing()
    {
        Assert.Equal(0, NewPayment().RecordRefund("ch_1", 500, Now));
    }

    [Fact]
    public void Dispute_reverses_the_disputed_part_and_a_win_restores_it()
    {
        var payment = PaidPayment();
        payment.RecordRefund("ch_1", 250, Now);

        Assert.Equal(-90, payment.RecordDispute("dp_1", "ch_1", 750, DisputeState.Open, Now));
        Assert.Equal(0, payment.RecordDispute("dp_1", "ch_1", 750, DisputeState.Open, Now));
        Assert.Equal(PaymentStatus.Disputed, payment.Status);
        Assert.Equal(90, payment.RecordDispute("dp_1", "ch_1", 750, DisputeState.Won, Now));
        Assert.Equal(0, payment.RecordDispute("dp_1", "ch_1", 750, DisputeState.Won, Now));
        Assert.Equal(PaymentStatus.PartiallyRefunded, payment.Status);
    }

    [Fact]
    public void Lost_dispute_keeps_the_reversal_and_a_late_created_never_reopens_it()
    {
        var payment = PaidPayment();

        Assert.Equal(-120, payment.RecordDispute("dp_1", "ch_1", 1000, DisputeState.Open, Now));
        Assert.Equal(0, payment.RecordDispute("dp_1", "ch_1", 1000, DisputeState.Lost, Now));
        Assert.Equal(0, payment.RecordDispute("dp_1", "ch_1", 1000, DisputeState.Open, Now));
        Assert.Equal(DisputeState.Lost, payment.DisputeState);
        Assert.Equal(PaymentStatus.Disputed, payment.Status);
    }

    [Theory]
    [InlineData(DisputeState.Won, 0)]
    [InlineData(DisputeState.Lost, -120)]
    public void Closed_before_created_settles_the_dispute_once(DisputeState outcome, int expected)
    {
        var payment = PaidPayment();

        Assert.Equal(expected, payment.RecordDispute("dp_1", "ch_1", 1000, outcome, Now));
        Assert.Equal(0, payment.RecordDispute("dp_1", "ch_1", 1000, DisputeState.Open, Now));
        Assert.Equal(outcome, payment.DisputeState);
    }

    [Fact]
    public void A_second_dispute_on_one_charge_is_refused()
    {
        var payment = PaidPayment();
        payment.RecordDispute("dp_1", "ch_1", 1000, DisputeState.Open, Now);

        Assert.Equal("second-dispute", Assert.Throws<DomainException>(() => payment.RecordDispute("dp_2", "ch_1", 1000, DisputeState.Open, Now)).Code);
    }

    [Theory]
    [InlineData(250, 30)]
    [InlineData(333, 40)] // 39.96 credits: to the nearest credit
    [InlineData(4, 0)] // 0.48
    [InlineData(5, 1)] // 0.6
    [InlineData(999, 120)] // 119.88
    [InlineData(1000, 120)]
    public void Credits_taken_back_are_the_refunded_share_to_the_nearest_credit(long refunded, int expected)
    {
        var payment = PaidPayment();

        Assert.Equal(-expected, payment.RecordRefund("ch_1", refunded, Now));
        Assert.Equal(expected, payment.CreditsReversed);
    }

    [Fact]
    public void Refund_and_dispute_together_never_take_back_more_than_was_paid()
    {
        var payment = PaidPayment();

        payment.RecordDispute("dp_1", "ch_1", 1000, DisputeState.Open, Now);
        Assert.Equal(0, payment.RecordRefund("ch_1", 500, Now));
        Assert.Equal(1000, payment.ReversedCents);
        Assert.Equal(120, payment.CreditsReversed);
    }

    /// <summary>Every permutation of one charge's facts ends in the same credits and status.</summary>
    [Fact]
    public void Every_order_of_a_charges_facts_ends_in_the_same_state()
    {
        Func<Payment, int>[] facts =
        [
            p => p.RecordRefund("ch_1", 250, Now),
            p => p.RecordRefund("ch_1", 400, Now),
            p => p.RecordDispute("dp_1", "ch_1", 600, DisputeState.Open, Now),
            p => p.RecordDispute("dp_1", "ch_1", 600, DisputeState.Lost, Now),
        ];
        var outcomes = Permutations(Enumerable.Range(0, facts.Length).ToList())
            .Select(order =>
            {
                var payment = PaidPayment();
                var total = order.Sum(i => facts[i](payment));
                return (total, payment.CreditsReversed, payment.Status);
            })
            .Distinct()
            .ToList();

        Assert.Equal([(-120, 120, PaymentStatus.Disputed)], outcomes);
    }

    private static IEnumerable<List<int>> Permutations(List<int> items) =>
        items.Count <= 1
            ? [items]
            : items.SelectMany(first => Permutations(items.Where(i => i != first).ToList()).Select(rest => (List<int>)[first, .. rest]));

    [Fact]
    public void Inactive_package_cannot_be_bought()
    {
        var retired = new CreditPackage { Id = "old", Name = "Old", Credits = 1, PriceCents = 100, Currency = "usd", Active = false };

        var error = Assert.Throws<DomainException>(() => Payment.Start(Guid.NewGuid(), retired, "a@b.c", false, true, Now));

        Assert.Equal("package-unavailable", error.Code);
    }

    [Fact]
    public void Pilot_funnel_caps_the_amount_and_daily_live_purchases_but_not_sandbox()
    {
        var policy = new FunnelPolicy { PilotMaxPurchaseCents = 1000, PilotDailyLivePurchases = 2 };

        Assert.Null(policy.CheckoutRefusal(1000, "usd", live: true, livePaidToday: 1, openLiveCheckouts: 2));
        Assert.Contains("max purchase amount", policy.CheckoutRefusal(1001, "usd", live: false, 0, 0), StringComparison.Ordinal);
        Assert.Contains("daily live purchases", policy.CheckoutRefusal(500, "usd", live: true, 2, 0), StringComparison.Ordinal);
        Assert.Null(policy.CheckoutRefusal(500, "usd", live: false, 99, 99));
        Assert.Null(new FunnelPolicy { Stage = FunnelStage.Open }.CheckoutRefusal(50_000, "usd", true, 99, 0));
        Assert.Contains("open live checkouts per student", new FunnelPolicy { Stage = FunnelStage.Open }.CheckoutRefusal(500, "usd", true, 0, 3), StringComparison.Ordinal);
    }
}
