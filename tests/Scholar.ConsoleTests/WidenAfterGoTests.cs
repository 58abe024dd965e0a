using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Scholar.Domain.Auth;
using Scholar.Infrastructure.Persistence;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.ConsoleTests;

/// <summary>In the browser tests' collection so that two Chromium-driven host pairs never compete for the CPU.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class WidenAfterGoTests(GoConsoleHosts hosts) : IClassFixture<GoConsoleHosts>
{
    [BrowserFact]
    public async Task Ceo_widens_the_funnel_after_GO_and_the_change_lands_in_the_history_and_the_audit_log()
    {
        var (client, _) = await hosts.Web.CreateSignedInClientAsync(Role.Ceo);
        using (client)
        {
            var gates = await client.GetFromJsonAsync<JsonElement>("/api/ops/gates");
            Assert.True(gates.GetProperty("verdict").GetString() == "GO", $"The arranged evidence should give GO: {gates}");
        }

        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verdict:" })).ToHaveTextAsync("Verdict: GO");
        // The payment app reports a live key, so the console must not call these payments sandbox.
        await Assertions.Expect(page.GetByText("Payments are not live")).ToHaveCountAsync(0);
        await ConsoleBrowser.ScreenshotAsync(page, "15-dashboard-go");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Funnel" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stage:" })).ToHaveTextAsync("Stage: pilot");
        var review = page.GetByRole(AriaRole.Region, new() { Name = "Review before widening" });
        await Assertions.Expect(review).ToContainTextAsync("Production Status Report: provider_register");
        await Assertions.Expect(review).ToContainTextAsync("Production Status Report: auto_com_center");
        await page.GetByText("Production Status Report: provider_register SHA-256").ClickAsync();
        await Assertions.Expect(page.GetByLabel("Production Status Report: provider_register")).ToContainTextAsync("Production Status Report");
        await page.GetByLabel("Reason").FillAsync("All four gates green after the live pilot");
        await page.GetByRole(AriaRole.Button, new() { Name = "Widen the funnel" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stage:" })).ToHaveTextAsync("Stage: open");
        var change = page.GetByRole(AriaRole.Region, new() { Name = "History" }).Locator("tbody tr").First;
        await Assertions.Expect(change).ToContainTextAsync("pilot → open");
        await Assertions.Expect(change).ToContainTextAsync("GO");
        await Assertions.Expect(change).ToContainTextAsync("All four gates green after the live pilot");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Narrow the funnel" })).ToBeVisibleAsync();

        // The approval stores the SHA-256 of each reviewed document, and the history shows them.
        await using (var scope = hosts.Web.Services.CreateAsyncScope())
        {
            var approval = await scope.ServiceProvider.GetRequiredService<AppDbContext>().FunnelApprovals.AsNoTracking()
                .Where(a => a.ToStage == "open").OrderByDescending(a => a.At).FirstAsync();
            Assert.Matches("^[0-9a-f]{64}$", approval.ProviderRegisterReportSha256);
            Assert.Matches("^[0-9a-f]{64}$", approval.AutoComCenterReportSha256);
            Assert.NotEqual(approval.ProviderRegisterReportSha256, approval.AutoComCenterReportSha256);
            Assert.True(approval.EvidencePaymentId is null == approval.EvidenceSha256 is null);
            await Assertions.Expect(change).ToContainTextAsync(approval.ProviderRegisterReportSha256!);
            await Assertions.Expect(change).ToContainTextAsync(approval.AutoComCenterReportSha256!);
        }

        await ConsoleBrowser.ScreenshotAsync(page, "16-funnel-widened");

        await page.GotoAsync("/audit?action=funnel.widened");
        var entry = page.Locator("tbody tr");
        await Assertions.Expect(entry).ToHaveCountAsync(1);
        await Assertions.Expect(entry).ToContainTextAsync("funnel_policy");
        await Assertions.Expect(entry).ToContainTextAsync("All four gates green after the live pilot");
        Assert.DoesNotContain(GoConsoleHosts.NotifySecret, await page.ContentAsync(), StringComparison.Ordinal);
        await ConsoleBrowser.ScreenshotAsync(page, "17-audit-funnel-widened");
        await page.Context.CloseAsync();
    }
}
