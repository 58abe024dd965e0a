using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.IntegrationTests.Infrastructure;
using Scholar.IntegrationTests.Notifications;
using Scholar.IntegrationTests.Payments;
using static Scholar.IntegrationTests.Payments.StripeTestEvents;

namespace Scholar.IntegrationTests.Ops;

/// <summary>
/// provider_register and auto_com_center in one host on a real port: the receipt goes out through
/// the outbox, over HTTP to <c>/api/send</c>, then to Postmark (a stub on 127.0.0.1).
/// </summary>
public sealed class PurchaseTraceFactory : PaymentsFactory
{
    private readonly int _port = LoopbackPort.Free();

    public PurchaseTraceFactory() => UseKestrel(_port);

    public PostmarkStub Postmark { get; } = PostmarkStub.Start();

    /// <summary>
    /// A client that sends the test's <c>traceparent</c> as given, as Stripe would: the default
    /// handler would replace it with one of its own span (this process has trace listeners).
    /// </summary>
    public HttpClient CreateStripeLikeClient() =>
        new(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["AUTO_COM_CENTER_BASE_URL"] = $"http://127.0.0.1:{_port}",
        ["NOTIFY_WEBHOOK_SECRET"] = "notify-secret-trace-test",
        ["NOTIFY_DISPATCH_ENABLED"] = "false",
        ["POSTMARK_SERVER_TOKEN"] = "POSTMARK_API_TEST",
        ["POSTMARK_API_BASE_URL"] = Postmark.BaseUrl,
        ["POSTMARK_FROM"] = "Scholar <receipts@scholar.test>",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Postmark.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class PurchaseTraceTests(PurchaseTraceFactory factory) : IClassFixture<PurchaseTraceFactory>
{
    [Fact]
    public async Task One_purchase_is_one_trace_from_the_Stripe_webhook_to_Postmark()
    {
        var payment = await factory.CreatePendingPaymentAsync(Guid.NewGuid());
        var payload = Event("checkout.session.completed", Session(payment.CheckoutSessionId!, payment.Id, 1000));
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var webhook = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        webhook.Headers.TryAddWithoutValidation("Stripe-Signature", Sign(payload));
        webhook.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var stripe = factory.CreateStripeLikeClient();
        var response = await stripe.SendAsync(webhook);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        while (await factory.Services.GetRequiredService<OutboxDeliveryLoop>().DispatchOnceAsync(default) > 0)
        {
        }

        while (await factory.Services.GetRequiredService<NotificationSendingLoop>().DispatchOnceAsync(default) > 0)
        {
        }

        var receipt = Assert.Single(factory.Postmark.Received, r => r.To == "student@example.com");
        Assert.Contains(payment.Id.ToString(), receipt.HtmlBody, StringComparison.Ordinal);
        var parts = receipt.TraceParent.Split('-');
        Assert.Equal(4, parts.Length);
        Assert.Equal(traceId, parts[1]);
    }
}
