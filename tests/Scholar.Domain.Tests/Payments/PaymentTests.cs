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

        Assert.Equal(60, payment.ApplyRefund("ch_1", 500, Now));
        Assert.Equal(0, payment.ApplyRefund("ch_1", 500, Now));
        Assert.Equal(PaymentStatus.PartiallyRefunded, payment.Status);
        Assert.Equal(60, payment.ApplyRefund("ch_1", 1000, Now));
        Assert.Equal(0, payment.ApplyRefund("ch_1", 500, Now));
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.Equal(120, payment.CreditsReversedForRefunds);
    }

    [Fact]
    public void Refund_of_an_unpaid_payment_reverses_nothing()
    {
        Assert.Equal(0, NewPayment().ApplyRefund("ch_1", 500, Now));
    }

    [Fact]
    public void Dispute_reverses_what_is_held_and_a_win_restores_it()
    {
        var payment = PaidPayment();
        payment.ApplyRefund("ch_1", 250, Now);

        Assert.Equal(-90, payment.OpenDispute("dp_1", "ch_1", Now));
        Assert.Equal(0, payment.OpenDispute("dp_1", "ch_1", Now));
        Assert.Equal(PaymentStatus.Disputed, payment.Status);
        Assert.Equal(90, payment.CloseDispute("dp_1", "ch_1", won: true, Now));
        Assert.Equal(0, payment.CloseDispute("dp_1", "ch_1", won: true, Now));
        Assert.Equal(PaymentStatus.PartiallyRefunded, payment.Status);
    }

    [Fact]
    public void Lost_dispute_keeps_the_reversal()
    {
        var payment = PaidPayment();

        Assert.Equal(-120, payment.OpenDispute("dp_1", "ch_1", Now));
        Assert.Equal(0, payment.CloseDispute("dp_1", "ch_1", won: false, Now));
        Assert.Equal(PaymentStatus.Disputed, payment.Status);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, -120)]
    public void Closed_before_created_settles_the_dispute_once(bool won, int expected)
    {
        var payment = PaidPayment();

        Assert.Equal(expected, payment.CloseDispute("dp_1", "ch_1", won, Now));
        Assert.Equal(0, payment.OpenDispute("dp_1", "ch_1", Now));
    }

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

        Assert.Null(policy.CheckoutRefusal(1000, "usd", live: true, livePurchasesToday: 1));
        Assert.Contains("max purchase amount", policy.CheckoutRefusal(1001, "usd", live: false, 0), StringComparison.Ordinal);
        Assert.Contains("daily live purchases", policy.CheckoutRefusal(500, "usd", live: true, 2), StringComparison.Ordinal);
        Assert.Null(policy.CheckoutRefusal(500, "usd", live: false, 99));
        Assert.Null(new FunnelPolicy { Stage = FunnelStage.Open }.CheckoutRefusal(50_000, "usd", true, 99));
    }
}
