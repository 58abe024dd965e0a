using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Scholar.Application.Ops.Alerts;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Persistence;

namespace Scholar.ConsoleTests;

/// <summary>Email halt, alerts banner and dead letters in Chromium, against the real Web and console hosts on one database.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class DeliveryPagesTests(ConsoleHosts hosts)
{
    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = hosts.Web.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [BrowserFact]
    public async Task A_halt_shows_in_the_banner_and_is_resumed_after_a_confirmation()
    {
        await WithDbAsync(async db =>
        {
            var halt = await db.EmailSendingHalts.SingleAsync();
            halt.Halt("Postmark 401: Bad or missing Server API token.", DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        await using (var scope = hosts.Web.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EvaluateAlertsHandler>().HandleAsync(default);
        }

        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);
        var banner = page.GetByRole(AriaRole.Region, new() { Name = "open alert" });
        await Assertions.Expect(banner).ToContainTextAsync("Email sending is halted");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Email sending" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("email-state")).ToHaveTextAsync("HALTED");
        await Assertions.Expect(page.GetByText("Bad or missing Server API token.").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume sending…" }).ClickAsync();

        // The first click only asks: nothing has changed yet.
        await Assertions.Expect(page.GetByText("Resume email sending on every instance?")).ToBeVisibleAsync();
        Assert.True(await WithDbAsync(db => db.EmailSendingHalts.AsNoTracking().AnyAsync(h => h.Halted)));
        await ConsoleBrowser.ScreenshotAsync(page, "20-email-sending-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, resume sending" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "resumed" })).ToContainTextAsync("Email sending resumed on every instance.");
        await Assertions.Expect(page.GetByTestId("email-state")).ToHaveTextAsync("sending");
        Assert.False(await WithDbAsync(db => db.EmailSendingHalts.AsNoTracking().AnyAsync(h => h.Halted)));
        Assert.True(await WithDbAsync(db => db.AuditLog.AnyAsync(e => e.Action == "email_sending.resumed")));

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Alerts" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Alerts", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tbody tr").Filter(new() { HasText = "email-halted" }).First).ToBeVisibleAsync();
        var findings = new List<string>();
        foreach (var path in new[] { "/alerts", "/dead-letters", "/email-sending" })
        {
            await page.GotoAsync(path);
            findings.AddRange(await PilotBrowser.SeriousAccessibilityViolationsAsync(page));
        }

        Assert.Empty(findings);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task A_dead_letter_is_retried_from_its_page_after_a_confirmation()
    {
        var failed = Notification.Queue("welcome", "dead-page@example.com", new Dictionary<string, string> { ["name"] = "Ada" }, $"dead-page:{Guid.NewGuid()}", DateTimeOffset.UtcNow);
        failed.BeginAttempt(DateTimeOffset.UtcNow.AddMinutes(1));
        failed.Fail("Postmark 422 (300): Invalid 'To' address.");
        await WithDbAsync(db =>
        {
            db.Notifications.Add(failed);
            return db.SaveChangesAsync();
        });

        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);
        await page.GotoAsync("/dead-letters");
        var row = page.Locator("tbody tr").Filter(new() { HasText = failed.Id.ToString() });
        await row.GetByRole(AriaRole.Button, new() { Name = $"Retry welcome {failed.Id}" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Retry 1 dead letter(s)?" })).ToBeVisibleAsync();
        Assert.Equal(NotificationStatus.Failed, await WithDbAsync(db => db.Notifications.Where(n => n.Id == failed.Id).Select(n => n.Status).SingleAsync()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, retry" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "queued again" })).ToContainTextAsync("1 message(s) queued again.");
        Assert.Equal(NotificationStatus.Queued, await WithDbAsync(db => db.Notifications.Where(n => n.Id == failed.Id).Select(n => n.Status).SingleAsync()));
        Assert.True(await WithDbAsync(db => db.AuditLog.AnyAsync(e => e.Action == "dead_letters.retried")));
        await page.Context.CloseAsync();
    }
}
