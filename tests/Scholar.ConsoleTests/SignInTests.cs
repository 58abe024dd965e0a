using Microsoft.Playwright;
using Scholar.Domain.Auth;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.ConsoleTests;

[Collection(BrowserTestGroup.Name)]
public sealed class SignInTests(ConsoleHosts hosts)
{
    [BrowserFact]
    public async Task Bootstrap_ceo_signs_in_through_the_issuer_and_lands_on_the_dashboard()
    {
        var page = await hosts.NewPageAsync();

        await page.GotoAsync("/");
        Assert.StartsWith(hosts.Web.BaseUrl + "/account/login", page.Url, StringComparison.Ordinal);
        await ConsoleBrowser.ScreenshotAsync(page, "00-issuer-login");

        await ConsoleBrowser.SignInAsCeoAsync(page, hosts);

        Assert.Equal(hosts.Console.BaseUrl + "/", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("CEO");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("SANDBOX");
        await ConsoleBrowser.ScreenshotAsync(page, "01-dashboard");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Student_is_refused_with_a_clear_page_and_gets_no_console_session()
    {
        var (_, email) = await hosts.Web.CreateUserAsync(Role.Student);
        var page = await hosts.NewPageAsync();

        await ConsoleBrowser.SignInAsync(page, hosts, email, AuthTestExtensions.TestPassword);

        Assert.StartsWith(hosts.Console.BaseUrl + "/account/refused", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This account cannot use the ops console");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("signed out of Scholar");
        await ConsoleBrowser.ScreenshotAsync(page, "02-student-refused");

        // No console session, and the issuer asks for credentials again.
        await page.GotoAsync("/payments");
        Assert.StartsWith(hosts.Web.BaseUrl + "/account/login", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Sign_out_ends_the_console_session_and_the_issuer_session()
    {
        var (_, email) = await hosts.Web.CreateUserAsync(Role.Operator);
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, hosts, email, AuthTestExtensions.TestPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("operator");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(hosts.Console.BaseUrl + "/account/signed-out");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You are signed out");

        await page.GotoAsync("/");
        Assert.StartsWith(hosts.Web.BaseUrl + "/account/login", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
