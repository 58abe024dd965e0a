using Scholar.Application.Abstractions;
using Scholar.Infrastructure.Payments;
using Scholar.Infrastructure.Payments.Stripe;
using Stripe;

namespace Scholar.IntegrationTests.Payments;

/// <summary>Stripe.net, as configured by Scholar, against a local stand-in for Stripe's API.</summary>
public sealed class StripeGatewayTests : IDisposable
{
    private readonly StripeStub _stripe = new();

    public void Dispose() => _stripe.Dispose();

    private StripeGateway Gateway(string key) =>
        new(new StripeClient(apiKey: key, httpClient: new SystemNetHttpClient(new HttpClient()), apiBase: _stripe.BaseUrl),
            new StripeSettings { SecretKey = key, AppBaseUrl = "https://scholar.test" });

    [Fact]
    public async Task Refund_goes_to_Stripes_refund_api_with_the_idempotency_key_and_a_refusal_for_too_much_is_RefundRefused()
    {
        var paymentId = Guid.NewGuid();

        var refund = await Gateway("sk_test_valid").RefundAsync(
            new GatewayRefundRequest(paymentId, "pi_test_refund", 250, "course cancelled", "refund:key-1"), CancellationToken.None);
        _stripe.RefundableAmount = 100;
        var tooMuch = () => Gateway("sk_test_valid").RefundAsync(
            new GatewayRefundRequest(paymentId, "pi_test_refund", 250, "again", "refund:key-2"), CancellationToken.None);

        var sent = _stripe.Received.First();
        Assert.Equal("/v1/refunds", sent.Path);
        Assert.Equal("refund:key-1", sent.IdempotencyKey);
        Assert.Equal("pi_test_refund", sent.Form["payment_intent"]);
        Assert.Equal("250", sent.Form["amount"]);
        Assert.Equal(paymentId.ToString(), sent.Form["metadata[payment_id]"]);
        Assert.Equal(250, refund.AmountCents);
        Assert.Equal("succeeded", refund.Status);
        await Assert.ThrowsAsync<RefundRefusedException>(tooMuch);
    }

    [Fact]
    public async Task Checkout_session_carries_the_catalog_price_payment_metadata_and_idempotency_key()
    {
        var paymentId = Guid.NewGuid();
        var userId = Guid.NewGuid();

        var created = await Gateway("sk_test_valid").CreateCheckoutSessionAsync(
            new CheckoutSessionRequest(paymentId, userId, "standard-120", "Standard", 120, 1000, "usd", "ada@example.com"), CancellationToken.None);

        var sent = Assert.Single(_stripe.Received);
        Assert.Equal("/v1/checkout/sessions", sent.Path);
        Assert.Equal(paymentId.ToString(), sent.IdempotencyKey);
        Assert.Equal(StripeConfiguration.ApiVersion, sent.StripeVersion);
        Assert.Equal("payment", sent.Form["mode"]);
        Assert.Equal(paymentId.ToString(), sent.Form["client_reference_id"]);
        Assert.Equal("1000", sent.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("usd", sent.Form["line_items[0][price_data][currency]"]);
        Assert.Equal(paymentId.ToString(), sent.Form["metadata[payment_id]"]);
        Assert.Equal(userId.ToString(), sent.Form["metadata[user_id]"]);
        Assert.Equal("standard-120", sent.Form["metadata[package_id]"]);
        Assert.Equal("ada@example.com", sent.Form["metadata[customer_email]"]);
        Assert.Contains("{CHECKOUT_SESSION_ID}", sent.Form["success_url"], StringComparison.Ordinal);
        Assert.StartsWith("cs_test_stub_", created.SessionId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sk_live_valid", true, "sk_live", true, GatewayMode.Live)]
    [InlineData("sk_test_valid", false, "sk_test", true, GatewayMode.Test)]
    [InlineData("sk_test_revoked", false, "sk_test", false, GatewayMode.Test)]
    public async Task Key_check_reports_kind_mode_and_success_without_the_key(string key, bool live, string kind, bool succeeded, GatewayMode mode)
    {
        _stripe.Livemode = live;
        var gateway = Gateway(key);

        var check = await gateway.CheckKeyAsync(CancellationToken.None);

        Assert.Equal(kind, check.KeyKind);
        Assert.Equal(succeeded, check.Succeeded);
        Assert.Equal(mode, gateway.Mode);
        Assert.Equal(succeeded ? live : null, check.Livemode);
        Assert.DoesNotContain(key, check.Error ?? "", StringComparison.Ordinal);
    }
}
