using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
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
