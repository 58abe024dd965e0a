using Microsoft.Playwright;

namespace Scholar.ConsoleTests;

[Collection(BrowserTestGroup.Name)]
public sealed class PagesTests(ConsoleHosts hosts)
{
    [BrowserFact]
    public async Task Sandbox_purchase_shows_in_payments_with_its_ledger_entry_receipt_and_mailbox_copy()
    {
        var (paymentId, email) = await hosts.SandboxPurchaseAsync();
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Payments" }).ClickAsync();
        await page.GetByLabel("Status").SelectOptionAsync("fulfilled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Assertions.Expect(row).ToContainTextAsync("fulfilled");
        await Assertions.Expect(row).ToContainTextAsync("sandbox");
        await Assertions.Expect(page.Locator("nav a[aria-current=page]")).ToHaveTextAsync("Payments");
        await ConsoleBrowser.ScreenshotAsync(page, "10-payments");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync($"**/payments/{paymentId}");
        var ledger = page.GetByRole(AriaRole.Region, new() { Name = "Ledger entries" });
        await Assertions.Expect(ledger.GetByRole(AriaRole.Row).Filter(new() { HasText = "purchase" })).ToContainTextAsync("+120");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Receipt email" })).ToContainTextAsync("sent");
        await ConsoleBrowser.ScreenshotAsync(page, "11-payment-detail");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Mailbox" }).ClickAsync();
        await page.GetByLabel("Recipient").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var message = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "purchase_receipt" });
        await Assertions.Expect(message).ToHaveCountAsync(1);
        await ConsoleBrowser.ScreenshotAsync(page, "12-mailbox");

        await message.GetByRole(AriaRole.Link).ClickAsync();
        var body = page.FrameLocator("iframe.mail-frame").Locator("body");
        await Assertions.Expect(body).ToContainTextAsync("120");
        Assert.Equal("", await page.Locator("iframe.mail-frame").GetAttributeAsync("sandbox"));
        await ConsoleBrowser.ScreenshotAsync(page, "13-mailbox-message");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Deliverability_shows_the_dns_posture_and_runs_the_three_inbox_test()
    {
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);

        await page.GotoAsync("/deliverability");
        var dns = page.GetByRole(AriaRole.Region, new() { Name = "Sender domain DNS" });
        await Assertions.Expect(dns.GetByRole(AriaRole.Row).Filter(new() { HasText = "DKIM" })).ToContainTextAsync("fail");
        await Assertions.Expect(dns.GetByRole(AriaRole.Row).Filter(new() { HasText = "SPF" })).ToContainTextAsync("pass");

        await page.GetByRole(AriaRole.Button, new() { Name = "Run the inbox test" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Inbox test" })).ToContainTextAsync("queued to 3 inbox(es)");
        var inbox = page.GetByRole(AriaRole.Region, new() { Name = "Inbox test" });
        foreach (var address in new[] { "seed-1@inbox.test", "seed-2@inbox.test", "seed-3@inbox.test" })
        {
            await Assertions.Expect(inbox.GetByRole(AriaRole.Listitem).Filter(new() { HasText = address }).First).ToContainTextAsync("queued");
        }

        await ConsoleBrowser.ScreenshotAsync(page, "20-deliverability");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Pages_fit_a_phone_screen_with_the_navigation_and_sandbox_banner()
    {
        var page = await hosts.NewPageAsync(390, 844);
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);

        await page.GotoAsync("/payments");

        await Assertions.Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Mailbox" })).ToBeInViewportAsync();
        await Assertions.Expect(page.GetByText("SANDBOX", new() { Exact = true })).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The page scrolls sideways at phone width.");
        await ConsoleBrowser.ScreenshotAsync(page, "30-phone-payments");
        await page.Context.CloseAsync();
    }
}
