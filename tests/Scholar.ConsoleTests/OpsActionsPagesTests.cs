using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Scholar.Application.Payments.ProcessStripeEvent;
using Scholar.Domain.Payments;
using Scholar.Infrastructure.Persistence;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.ConsoleTests;

/// <summary>Refund and review decisions as an operator makes them in the console: form, confirmation, result.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class OpsActionsPagesTests(ConsoleHosts hosts)
{
    private async Task<Payment> PaymentAsync(Guid id)
    {
        await using var scope = hosts.Web.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Payments.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    /// <summary>A sandbox purchase whose charge (1200 cents) is not the package's price, so it waits for review.</summary>
    private async Task<Guid> PurchaseNeedingReviewAsync()
    {
        var (_, email) = await hosts.Web.CreateUserAsync();
        using var student = hosts.Web.CreateBearerClient(await hosts.Web.GetUserTokenAsync(email, AuthTestExtensions.TestPassword));
        var checkout = await (await student.PostAsJsonAsync("/api/checkout", new { packageId = "standard-120" })).Content.ReadFromJsonAsync<JsonElement>();
        var session = checkout.GetProperty("checkoutSessionId").GetString()!;
        await using (var scope = hosts.Web.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database
                .ExecuteSqlAsync($"UPDATE sandbox_sessions SET amount_cents = 1200 WHERE id = {session}");
        }

        using var anonymous = hosts.Web.CreateClient();
        (await anonymous.PostAsync($"/sandbox/checkout/{session}/pay", null)).EnsureSuccessStatusCode();
        return checkout.GetProperty("paymentId").GetGuid();
    }

    [BrowserFact]
    public async Task Operator_refunds_part_of_a_payment_after_confirming_and_the_webhook_reverses_the_credits()
    {
        var (paymentId, _) = await hosts.SandboxPurchaseAsync();
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);
        await page.GotoAsync($"/payments/{paymentId}");

        // An empty reason is refused before anything is asked of the provider.
        await page.GetByLabel("Amount in cents").FillAsync("250");
        await page.GetByRole(AriaRole.Button, new() { Name = "Refund…" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Say why");

        await page.GetByLabel("Amount in cents").FillAsync("250");
        await page.GetByLabel("Reason for the refund").FillAsync("Student asked for part of the money back");
        await page.GetByRole(AriaRole.Button, new() { Name = "Refund…" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Region, new() { Name = "Confirm the refund" });
        await Assertions.Expect(confirm).ToContainTextAsync("Refund $2.50");
        Assert.Equal(0, (await PaymentAsync(paymentId)).RefundedCents);
        await ConsoleBrowser.ScreenshotAsync(page, "30-refund-confirm");

        await confirm.GetByRole(AriaRole.Button, new() { Name = "Confirm refund" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Refund re_sandbox_" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("dl.facts").First).ToContainTextAsync("refunded $2.50");
        var payment = await PaymentAsync(paymentId);
        Assert.Equal(PaymentStatus.PartiallyRefunded, payment.Status);
        Assert.Equal(250, payment.RefundedCents);
        Assert.Equal(30, payment.CreditsReversed); // a quarter of 120 credits, reversed by the charge.refunded webhook
        await ConsoleBrowser.ScreenshotAsync(page, "31-refund-done");

        await page.GotoAsync("/audit?action=payment.refund_requested");
        await Assertions.Expect(page.Locator("tbody tr").Filter(new() { HasText = paymentId.ToString() })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Issue 20 item 9: a payment's Stripe ids open the test or live dashboard as the payment was made,
    /// its receipt's Postmark id opens Postmark's activity page, and a sandbox payment links nowhere.
    /// </summary>
    [BrowserFact]
    public async Task Stripe_and_Postmark_ids_link_to_their_pages_in_the_payments_mode_and_sandbox_ids_do_not()
    {
        var (testMode, _) = await hosts.SandboxPurchaseAsync();
        var (liveMode, _) = await hosts.SandboxPurchaseAsync();
        var (sandbox, _) = await hosts.SandboxPurchaseAsync();
        var tag = Guid.NewGuid().ToString("N")[..12];
        var postmarkMessage = Guid.NewGuid().ToString();

        // Two of the sandbox payments are made to look as Stripe would have recorded them, in each mode.
        await using var scope = hosts.Web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var (id, live) in new[] { (testMode, false), (liveMode, true) })
        {
            var mode = live ? "live" : "test";
            await db.Database.ExecuteSqlAsync($"""
                UPDATE payments SET sandbox = false, livemode = {live}, checkout_session_id = {$"cs_{mode}_{tag}"},
                    payment_intent_id = {$"pi_{mode}_{tag}"}, charge_id = {$"ch_{mode}_{tag}"}, dispute_id = {$"dp_{mode}_{tag}"}
                WHERE id = {id}
                """);
        }

        var receiptKey = StripeEventProcessor.ReceiptKey(testMode);
        await db.Database.ExecuteSqlAsync($"UPDATE notifications SET provider_message_id = {postmarkMessage} WHERE idempotency_key = {receiptKey}");
        var testEvent = await db.StripeEvents.AsNoTracking().Where(e => e.PaymentId == testMode).Select(e => e.EventId).FirstAsync();
        var liveEvent = await db.StripeEvents.AsNoTracking().Where(e => e.PaymentId == liveMode).Select(e => e.EventId).FirstAsync();
        try
        {
            var page = await hosts.NewPageAsync();
            await ConsoleBrowser.SignInAsCeoAsync(page, hosts);

            await page.GotoAsync($"/payments/{testMode}");
            var expected = new Dictionary<string, string>
            {
                [$"cs_test_{tag}"] = $"https://dashboard.stripe.com/test/checkout/sessions/cs_test_{tag}",
                [$"pi_test_{tag}"] = $"https://dashboard.stripe.com/test/payments/pi_test_{tag}",
                [$"ch_test_{tag}"] = $"https://dashboard.stripe.com/test/payments/ch_test_{tag}",
                [$"dp_test_{tag}"] = $"https://dashboard.stripe.com/test/disputes/dp_test_{tag}",
                [testEvent] = $"https://dashboard.stripe.com/test/events/{testEvent}",
                [postmarkMessage] = $"https://account.postmarkapp.com/servers/{ConsoleHost.PostmarkServerId}/streams/outbound/messages/{postmarkMessage}",
            };
            foreach (var (id, href) in expected)
            {
                var link = page.GetByRole(AriaRole.Link, new() { Name = id });
                await Assertions.Expect(link).ToHaveAttributeAsync("href", href);
                await Assertions.Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");
                await Assertions.Expect(link).ToHaveAttributeAsync("target", "_blank");
            }

            Assert.Empty(await PilotBrowser.SeriousAccessibilityViolationsAsync(page));
            await ConsoleBrowser.ScreenshotAsync(page, "34-payment-provider-links");

            await page.GotoAsync($"/payments/{liveMode}");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"cs_live_{tag}" }))
                .ToHaveAttributeAsync("href", $"https://dashboard.stripe.com/checkout/sessions/cs_live_{tag}");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = liveEvent }))
                .ToHaveAttributeAsync("href", $"https://dashboard.stripe.com/events/{liveEvent}");

            await page.GotoAsync($"/payments/{sandbox}");
            await Assertions.Expect(page.Locator("dl.facts").First).ToContainTextAsync("cs_test_sandbox");
            await Assertions.Expect(page.Locator("a[href*='stripe.com'], a[href*='postmarkapp.com']")).ToHaveCountAsync(0);
            await page.Context.CloseAsync();
        }
        finally
        {
            // Live-looking payments would count in other tests' KPIs and gates: back to the sandbox.
            await db.Database.ExecuteSqlAsync($"UPDATE payments SET sandbox = true, livemode = false WHERE id IN ({testMode}, {liveMode})");
        }
    }

    [BrowserFact]
    public async Task Operator_resolves_a_payment_in_review_by_fulfilling_it_after_confirming()
    {
        var paymentId = await PurchaseNeedingReviewAsync();
        Assert.Equal(PaymentStatus.NeedsReview, (await PaymentAsync(paymentId)).Status);
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);
        await page.GotoAsync($"/payments/{paymentId}");

        var resolve = page.GetByRole(AriaRole.Region, new() { Name = "Resolve the review" });
        await resolve.GetByLabel("Fulfil: grant the credits").CheckAsync();
        await resolve.GetByLabel("Reason for the review decision").FillAsync("Price change agreed with the student");
        await resolve.GetByRole(AriaRole.Button, new() { Name = "Resolve…" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Region, new() { Name = "Confirm the review decision" });
        await Assertions.Expect(confirm).ToContainTextAsync("grant 120 credits");
        Assert.Equal(PaymentStatus.NeedsReview, (await PaymentAsync(paymentId)).Status);
        await ConsoleBrowser.ScreenshotAsync(page, "32-resolve-confirm");

        await confirm.GetByRole(AriaRole.Button, new() { Name = "Confirm fulfil" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "now fulfilled" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Resolve the review" })).ToHaveCountAsync(0);
        Assert.Equal(PaymentStatus.Fulfilled, (await PaymentAsync(paymentId)).Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Ledger entries" })).ToContainTextAsync("+120");
        await ConsoleBrowser.ScreenshotAsync(page, "33-resolve-done");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Operator_looks_up_a_user_grants_credits_after_confirming_and_reconciles()
    {
        var (_, email) = await hosts.SandboxPurchaseAsync();
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = email })).ToContainTextAsync("120 credits");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Payments" }).Locator("tbody tr")).ToHaveCountAsync(1);

        await page.GetByLabel("Grant (adds credits)").CheckAsync();
        await page.GetByLabel("Credits", new() { Exact = true }).FillAsync("5");
        await page.GetByLabel("Reason for the credit change").FillAsync("Goodwill after an outage");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record…" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Region, new() { Name = "Confirm the credit change" });
        await Assertions.Expect(confirm).ToContainTextAsync("grant of +5 credits");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Confirm credit change" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Recorded a grant of +5" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = email })).ToContainTextAsync("125 credits");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Reconcile" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reconcile…" }).ClickAsync();
        await page.GetByRole(AriaRole.Region, new() { Name = "Confirm the reconciliation" }).GetByRole(AriaRole.Button, new() { Name = "Confirm reconcile" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "checked" })).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }
}
