using System.Net;
using System.Net.Http.Json;
using Scholar.Infrastructure.Auth;
using Scholar.IntegrationTests.Infrastructure;
using static Scholar.IntegrationTests.Payments.StripeTestEvents;

namespace Scholar.IntegrationTests.Payments;

/// <summary>Regressions found by the endpoint fuzzer (Fuzz/EndpointFuzzTests) on the payments endpoints.</summary>
public sealed class MalformedPaymentInputTests(PaymentsFactory factory) : IClassFixture<PaymentsFactory>
{
    [Theory]
    [InlineData("duplicate keys", "{\"id\":\"evt_dup\",\"object\":\"event\",\"type\":\"a\",\"type\":\"b\"}")]
    [InlineData("no data object", "{\"id\":\"evt_bare\",\"object\":\"event\",\"type\":\"checkout.session.completed\"}")]
    [InlineData("not an event", "{\"reason\":\"x\"}")]
    [InlineData("another object", "{\"id\":\"ch_1\",\"object\":\"charge\",\"type\":\"charge.refunded\"}")]
    [InlineData("not JSON", "evt_1 charge.refunded")]
    [InlineData("an array", "[{\"id\":\"evt_1\"}]")]
    [InlineData("refunded amount as text", "{\"id\":\"evt_t\",\"object\":\"event\",\"type\":\"charge.refunded\",\"data\":{\"object\":{\"id\":\"ch_1\",\"amount_refunded\":\"500\"}}}")]
    [InlineData("dispute without its charge", "{\"id\":\"evt_d\",\"object\":\"event\",\"type\":\"charge.dispute.created\",\"data\":{\"object\":{\"id\":\"dp_1\",\"amount\":5,\"status\":\"needs_response\"}}}")]
    public async Task Correctly_signed_payload_that_is_no_Stripe_event_is_a_400_and_records_nothing(string @case, string payload)
    {
        var before = await factory.ScalarAsync<long>("SELECT count(*) FROM stripe_events");

        var response = await factory.PostWebhookAsync(payload, Sign(payload));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{@case}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/invalid-event", (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(before, await factory.ScalarAsync<long>("SELECT count(*) FROM stripe_events"));
    }

    [Fact]
    public async Task Purchases_with_a_service_token_is_a_403_not_a_500()
    {
        using var client = factory.CreateBearerClient(await factory.GetServiceTokenAsync(AuthClients.AutoComCenter));

        var response = await client.GetAsync("/api/purchases");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Checkout_for_a_package_id_with_a_NUL_is_a_400_and_starts_nothing()
    {
        var (client, _) = await factory.CreateSignedInClientAsync();
        var before = await factory.ScalarAsync<long>("SELECT count(*) FROM payments");

        var response = await client.PostAsJsonAsync("/api/checkout", new { packageId = "standard\u0000120" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await factory.ScalarAsync<long>("SELECT count(*) FROM payments"));
    }
}
