using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Payments;

/// <summary>The host on a real port: the sandbox delivers its signed events to /webhooks/stripe over HTTP.</summary>
public sealed class SandboxPaymentsFactory : PaymentsFactory
{
    private readonly int _port = LoopbackPort.Free();

    public SandboxPaymentsFactory() => UseKestrel(_port);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["APP_BASE_URL"] = $"http://127.0.0.1:{_port}",
    };
}

public sealed class SandboxPurchaseTests(SandboxPaymentsFactory factory) : IClassFixture<SandboxPaymentsFactory>
{
    private sealed record Package(string Id, string Name, int Credits, long PriceCents, string Currency);

    private sealed record Checkout(Guid PaymentId, string CheckoutSessionId, string Url);

    private sealed record Delivery(string SessionId, string EventId, string EventType, int WebhookStatus, bool Delivered);

    private sealed record Purchase(Guid PaymentId, string PackageId, int Credits, long AmountCents, string Status, bool Sandbox);

    [Fact]
    public async Task Sandbox_purchase_end_to_end_grants_the_package_credits_and_queues_one_receipt()
    {
        var (client, _) = await factory.CreateSignedInClientAsync();
        var packages = await factory.CreateClient().GetFromJsonAsync<Package[]>("/api/packages");
        var standard = Assert.Single(packages!, p => p.Id == "standard-120");

        var checkoutResponse = await client.PostAsJsonAsync("/api/checkout", new { packageId = standard.Id });
        Assert.Equal(HttpStatusCode.Created, checkoutResponse.StatusCode);
        var checkout = (await checkoutResponse.Content.ReadFromJsonAsync<Checkout>())!;
        Assert.Contains($"/sandbox/checkout/{checkout.CheckoutSessionId}", checkout.Url, StringComparison.Ordinal);

        var page = await factory.CreateClient().GetStringAsync(new Uri(checkout.Url).PathAndQuery);
        Assert.Contains("SANDBOX", page, StringComparison.Ordinal);

        var pay = await factory.CreateClient().PostAsync($"/sandbox/checkout/{checkout.CheckoutSessionId}/pay", null);
        Assert.Equal(HttpStatusCode.OK, pay.StatusCode);
        var delivery = (await pay.Content.ReadFromJsonAsync<Delivery>())!;
        Assert.True(delivery.Delivered);
        Assert.Equal("checkout.session.completed", delivery.EventType);

        using var balance = JsonDocument.Parse(await client.GetStringAsync("/api/credits/balance"));
        Assert.Equal(standard.Credits, balance.RootElement.GetProperty("balance").GetInt64());
        var purchases = await client.GetFromJsonAsync<Purchase[]>("/api/purchases");
        var purchase = Assert.Single(purchases!);
        Assert.Equal("fulfilled", purchase.Status);
        Assert.True(purchase.Sandbox);
        Assert.Equal(1, await factory.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE idempotency_key = @k",
            ("k", $"notification.send:receipt:{checkout.PaymentId}")));

        var landing = await factory.CreateClient().GetStringAsync($"/checkout/success?session_id={checkout.CheckoutSessionId}");
        Assert.Contains("Payment received", landing, StringComparison.Ordinal);

        // Paying again is a replay of a fulfilled session: no more credits.
        await factory.CreateClient().PostAsync($"/sandbox/checkout/{checkout.CheckoutSessionId}/pay", null);
        using var again = JsonDocument.Parse(await client.GetStringAsync("/api/credits/balance"));
        Assert.Equal(standard.Credits, again.RootElement.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task Cancelled_sandbox_checkout_expires_the_payment_without_credit()
    {
        var (client, _) = await factory.CreateSignedInClientAsync();
        var checkout = (await (await client.PostAsJsonAsync("/api/checkout", new { packageId = "starter-50" })).Content.ReadFromJsonAsync<Checkout>())!;

        var cancel = await factory.CreateClient().PostAsync($"/sandbox/checkout/{checkout.CheckoutSessionId}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var purchase = Assert.Single((await client.GetFromJsonAsync<Purchase[]>("/api/purchases"))!);
        Assert.Equal("expired", purchase.Status);
    }

    [Fact]
    public async Task Pilot_funnel_refuses_a_package_above_the_purchase_cap_naming_the_limit()
    {
        var (client, _) = await factory.CreateSignedInClientAsync();

        var response = await client.PostAsJsonAsync("/api/checkout", new { packageId = "scholar-300" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.EndsWith("funnel-limit", problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains("max purchase amount", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<Purchase[]>("/api/purchases"))!);
    }

    [Fact]
    public async Task Unknown_package_is_a_400_naming_the_field_and_writes_nothing()
    {
        var (client, _) = await factory.CreateSignedInClientAsync();

        var response = await client.PostAsJsonAsync("/api/checkout", new { packageId = "free-lunch" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("packageId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<Purchase[]>("/api/purchases"))!);
    }

    [Fact]
    public async Task Checkout_needs_a_signed_in_student()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/checkout", new { packageId = "starter-50" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Checkout_retried_with_the_same_Idempotency_Key_returns_the_same_payment()
    {
        var (client, _) = await factory.CreateSignedInClientAsync();
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = JsonContent.Create(new { packageId = "starter-50" }) };
        first.Headers.Add("Idempotency-Key", "checkout-retry-1");
        using var second = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = JsonContent.Create(new { packageId = "starter-50" }) };
        second.Headers.Add("Idempotency-Key", "checkout-retry-1");

        var a = await (await client.SendAsync(first)).Content.ReadFromJsonAsync<Checkout>();
        var b = await (await client.SendAsync(second)).Content.ReadFromJsonAsync<Checkout>();

        Assert.Equal(a!.PaymentId, b!.PaymentId);
        Assert.Single((await client.GetFromJsonAsync<Purchase[]>("/api/purchases"))!);
    }
}
