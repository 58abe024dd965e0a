using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Hosting;
using Scholar.Infrastructure.Ops;
using Scholar.Infrastructure.Ops.Instances;
using Scholar.Infrastructure.Payments;
using Scholar.IntegrationTests.Infrastructure;
using Scholar.IntegrationTests.Ops;
using Scholar.IntegrationTests.Payments;

namespace Scholar.ConsoleTests;

/// <summary>
/// A production-shaped pair of hosts whose gates really pass: provider_register (with student_pilot,
/// scholarship_api and scholar_auth) holds live Stripe keys checked against the Stripe stub in live
/// mode, auto_com_center runs as a separate instance with the same NOTIFY_WEBHOOK_SECRET, the ledger
/// probe ran, and a live checkout was paid through the signed Stripe webhook. Only the real workers
/// and endpoints write the evidence; the verdict is computed as in production.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "A fixture: xunit disposes it through IAsyncLifetime.DisposeAsync, which disposes the sibling.")]
public sealed class GoConsoleHosts : ConsoleHosts
{
    public const string NotifySecret = "go-test-notify-secret-4Hs9w";

    private SecondInstance? _autoComCenter;

    public GoConsoleHosts()
        : this(new StripeStub { Livemode = true })
    {
    }

    private GoConsoleHosts(StripeStub stripe)
        : base(new Dictionary<string, string?>
        {
            ["SCHOLAR_APPS"] = string.Join(',', ScholarApps.Auth, ScholarApps.ScholarshipApi, ScholarApps.ProviderRegister, ScholarApps.StudentPilot),
            ["STRIPE_SECRET_KEY"] = "sk_live_valid",
            ["STRIPE_PUBLIC_KEY"] = "pk_live_console_go_test",
            ["STRIPE_API_BASE_URL"] = stripe.BaseUrl,
            ["STRIPE_WEBHOOK_SECRET"] = StripeTestEvents.WebhookSecret,
            ["NOTIFY_WEBHOOK_SECRET"] = NotifySecret,
        })
    {
        Stripe = stripe;
    }

    public StripeStub Stripe { get; }

    protected override async Task ArrangeAsync()
    {
        // auto_com_center in a process of its own, on the same database: gate 1 compares across instances.
        _autoComCenter = new SecondInstance(Web, new Dictionary<string, string?>
        {
            ["SCHOLAR_APPS"] = ScholarApps.AutoComCenter,
            ["NOTIFY_WEBHOOK_SECRET"] = NotifySecret,
            ["NOTIFY_DISPATCH_ENABLED"] = "false",
        });

        // The workers run at start too; running them once here makes their evidence certain before the browser looks.
        await _autoComCenter.Services.GetRequiredService<InstanceHeartbeat>().RunOnceAsync(CancellationToken.None);
        await Web.Services.GetRequiredService<InstanceHeartbeat>().RunOnceAsync(CancellationToken.None);
        await Web.Services.GetRequiredService<StripeKeyMonitor>().RunOnceAsync(CancellationToken.None);
        await Web.Services.GetRequiredService<LedgerProbe>().RunOnceAsync(CancellationToken.None);
        await LivePurchaseAsync();
    }

    /// <summary>A student checks out through the student API (Stripe stub, live mode) and Stripe's signed webhook completes it.</summary>
    private async Task LivePurchaseAsync()
    {
        var (_, email) = await Web.CreateUserAsync();
        using var student = Web.CreateBearerClient(await Web.GetUserTokenAsync(email, AuthTestExtensions.TestPassword));
        var response = await student.PostAsJsonAsync("/api/checkout", new { packageId = "starter-50" });
        response.EnsureSuccessStatusCode();
        var checkout = await response.Content.ReadFromJsonAsync<JsonElement>();
        var paymentId = checkout.GetProperty("paymentId").GetGuid();

        var session = StripeTestEvents.Session(checkout.GetProperty("checkoutSessionId").GetString()!, paymentId, 500, paymentIntent: "pi_live_go_1");
        session["livemode"] = true;
        var payload = StripeTestEvents.Event("checkout.session.completed", session, livemode: true);
        using var webhook = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        webhook.Headers.TryAddWithoutValidation("Stripe-Signature", StripeTestEvents.Sign(payload));
        using var stripeSide = Web.CreateClient();
        (await stripeSide.SendAsync(webhook)).EnsureSuccessStatusCode();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_autoComCenter is not null)
        {
            await _autoComCenter.DisposeAsync();
        }

        await Stripe.DisposeAsync();
    }
}
