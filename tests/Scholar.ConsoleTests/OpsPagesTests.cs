using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Scholar.Domain.Auth;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.ConsoleTests;

[Collection(BrowserTestGroup.Name)]
public sealed class OpsPagesTests(ConsoleHosts hosts)
{
    private async Task<JsonElement> OpsApiAsync(string path)
    {
        var (client, _) = await hosts.Web.CreateSignedInClientAsync(Role.Ceo);
        using (client)
        {
            return await client.GetFromJsonAsync<JsonElement>(path);
        }
    }

    [BrowserFact]
    public async Task Dashboard_shows_the_same_verdict_as_the_ops_api_with_kpi_tiles_and_charts()
    {
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);
        var verdict = (await OpsApiAsync("/api/ops/gates")).GetProperty("verdict").GetString();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verdict:" })).ToHaveTextAsync($"Verdict: {verdict}");
        foreach (var tile in new[] { "Time to first dollar", "P95 messaging", "P95 ledger", "Receipts accepted", "Email deliverability" })
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = tile, Exact = true })).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "P95 latency of messaging and ledger over the window against the 120 ms target" })).ToBeVisibleAsync();
        await ConsoleBrowser.ScreenshotAsync(page, "03-dashboard-kpis");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Gates" }).ClickAsync();
        await Assertions.Expect(page.Locator("section.gate")).ToHaveCountAsync(4);
        await ConsoleBrowser.ScreenshotAsync(page, "04-gates");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task The_dashboard_refreshes_itself_only_when_asked()
    {
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);

        var plain = await page.GotoAsync("/");
        Assert.False(plain!.Headers.ContainsKey("refresh"));
        await page.GetByRole(AriaRole.Link, new() { Name = "every 1 min" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("refresh=60", StringComparison.Ordinal));
        var refreshing = await page.ReloadAsync();
        Assert.Equal("60", refreshing!.Headers["refresh"]);
        Assert.False((await page.GotoAsync("/?refresh=1"))!.Headers.ContainsKey("refresh"));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task The_console_pages_have_no_serious_accessibility_violations()
    {
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);
        var violations = new List<string>();
        foreach (var path in new[] { "/", "/gates", "/funnel", "/runs", "/payments", "/reports?app=provider_register", "/secrets", "/audit", "/alerts", "/email-sending", "/dead-letters", "/users", "/reconcile" })
        {
            var response = await page.GotoAsync(path);
            Assert.True(response is { Ok: true }, $"{path} answered {response?.Status}");
            violations.AddRange(await PilotBrowser.SeriousAccessibilityViolationsAsync(page));
        }

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Secrets_check_for_auto_com_center_lists_every_expected_name_with_its_state_and_a_snippet()
    {
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);
        var expected = (await OpsApiAsync("/api/ops/secrets-check?app=auto_com_center"))
            .GetProperty("auto_com_center").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();

        await page.GotoAsync("/secrets?app=auto_com_center");

        Assert.NotEmpty(expected);
        Assert.Contains("NOTIFY_WEBHOOK_SECRET", expected);
        var rows = page.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(expected.Count);
        foreach (var name in expected)
        {
            await Assertions.Expect(rows.Filter(new() { HasText = name }).First.Locator("td").Last).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(present|missing|missing — development default in use)$"));
        }

        var snippet = await page.GetByLabel("Secrets Check snippet").InputValueAsync();
        Assert.StartsWith("Secrets Check: auto_com_center", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("dev-only-notify-secret", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("dev-only-notify-secret", await page.ContentAsync(), StringComparison.Ordinal);
        await ConsoleBrowser.ScreenshotAsync(page, "05-secrets-check");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Operator_sees_no_widen_control_and_a_forged_widen_is_refused()
    {
        var (_, email) = await hosts.Web.CreateUserAsync(Role.Operator);
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, hosts, email, AuthTestExtensions.TestPassword);

        await page.GotoAsync("/funnel");
        await Assertions.Expect(page.GetByText("Only the CEO can widen the funnel.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Widen the funnel" })).ToHaveCountAsync(0);
        await ConsoleBrowser.ScreenshotAsync(page, "06-funnel-operator");

        // The operator's own valid antiforgery token, posted by hand to the widen handler.
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var response = await page.APIRequest.PostAsync("/funnel?handler=Widen", new()
        {
            Form = page.Context.APIRequest.CreateFormData().Set("Reason", "let me in").Set("__RequestVerificationToken", token),
        });
        Assert.Equal((int)HttpStatusCode.Forbidden, response.Status);
        Assert.Contains("needs a user with role ceo", await response.TextAsync(), StringComparison.Ordinal);
        Assert.Equal("pilot", (await OpsApiAsync("/api/ops/funnel")).GetProperty("stage").GetString());
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Ceo_widening_while_the_verdict_is_not_go_is_refused_with_the_verdict_named()
    {
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);
        var verdict = (await OpsApiAsync("/api/ops/gates")).GetProperty("verdict").GetString();
        Assert.NotEqual("GO", verdict);

        await page.GotoAsync("/funnel");
        await page.GetByLabel("Reason").FillAsync("Pilot went well");
        await page.GetByRole(AriaRole.Button, new() { Name = "Widen the funnel" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"the verdict is {verdict}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stage:" })).ToHaveTextAsync("Stage: pilot");
        await ConsoleBrowser.ScreenshotAsync(page, "07-funnel-ceo-refused");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Validation_run_counts_down_and_its_smoke_test_shows_the_api_send_answer_in_the_audit_log_too()
    {
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);

        await page.GotoAsync("/runs");
        var stop = page.GetByRole(AriaRole.Button, new() { Name = "Stop the run" });
        if (await stop.CountAsync() > 0)
        {
            await stop.ClickAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Start a 60-minute run" }).ClickAsync();
        await Assertions.Expect(page.Locator("#countdown")).ToContainTextAsync("min");
        await Assertions.Expect(page.Locator("ol.checklist li")).ToHaveCountAsync(6);

        await page.GetByLabel("Send the welcome email to").FillAsync("smoke@scholar.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run the /api/send smoke test" }).ClickAsync();
        var answer = page.GetByRole(AriaRole.Status, new() { Name = "Smoke test answer" });
        await Assertions.Expect(answer).ToContainTextAsync("202");
        await Assertions.Expect(answer).ToContainTextAsync("queued");
        await Assertions.Expect(page.Locator("ol.checklist li").Filter(new() { HasText = "/api/send smoke test" })).ToContainTextAsync("done");
        await ConsoleBrowser.ScreenshotAsync(page, "08-validation-run");

        // A sandbox purchase during the run: TFF$ and the Stripe hop now have figures.
        await hosts.SandboxPurchaseAsync();
        await page.GotoAsync("/runs");
        await Assertions.Expect(page.Locator("ol.checklist li").Filter(new() { HasText = "A purchase completed" })).ToContainTextAsync("done");
        await page.GotoAsync("/?window=run");
        var tff = page.GetByRole(AriaRole.Region, new() { Name = "Time to first dollar" });
        await Assertions.Expect(tff.Locator(".figure")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+:\d\d:\d\d$"));
        await Assertions.Expect(tff).ToContainTextAsync("sandbox");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Success rate stripe→provider_register" }).Locator(".figure")).ToHaveTextAsync("100 %");
        await ConsoleBrowser.ScreenshotAsync(page, "03b-dashboard-run");

        await page.GotoAsync("/audit");
        await Assertions.Expect(page.Locator("tbody tr").First).ToBeVisibleAsync();
        await ConsoleBrowser.ScreenshotAsync(page, "09-audit-log");
        await page.GotoAsync("/runs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop the run" }).ClickAsync();
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Status_report_is_rendered_with_its_four_sections_and_downloads_as_markdown()
    {
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);

        await page.GotoAsync("/reports?app=provider_register");
        foreach (var heading in new[] { "1. Status", "2. Secrets Check", "3. KPIs & Evidence", "4. Risks & Next Actions" })
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
        }

        await ConsoleBrowser.ScreenshotAsync(page, "14-status-report");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download provider_register.md" }).ClickAsync());
        Assert.Equal("status-report-provider_register.md", download.SuggestedFilename);
        var markdown = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("# Production Status Report: provider_register", markdown, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
