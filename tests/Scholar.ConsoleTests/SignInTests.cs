using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Scholar.Domain.Auth;
using Scholar.Infrastructure.Persistence;
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

    [BrowserFact]
    public async Task A_password_reset_ends_the_console_session_on_the_next_page()
    {
        var (userId, email) = await hosts.Web.CreateUserAsync(Role.Operator);
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, hosts, email, AuthTestExtensions.TestPassword);
        await page.GotoAsync("/payments");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Payments");

        await ChangeUserAsync(userId, u => u.ChangePassword("A-brand-new-password-1", DateTimeOffset.UtcNow));

        // The console session ends, and so does the issuer's: the password is asked for again.
        await page.GotoAsync("/payments");
        Assert.StartsWith(hosts.Web.BaseUrl + "/account/login", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task A_removed_role_ends_console_access_and_a_changed_one_takes_effect_at_once()
    {
        var (userId, email) = await hosts.Web.CreateUserAsync(Role.Ceo);
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, hosts, email, AuthTestExtensions.TestPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("CEO");

        // ceo to operator: the same session, with operator powers only.
        await ChangeUserAsync(userId, u =>
        {
            u.GrantRole(Role.Operator);
            u.RevokeRole(Role.Ceo);
        });
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("operator");
        await Assertions.Expect(page.GetByRole(AriaRole.Banner)).Not.ToContainTextAsync("CEO");

        // No staff role left: the session ends, and signing in again is refused.
        await ChangeUserAsync(userId, u => u.RevokeRole(Role.Operator));
        await page.GotoAsync("/payments");
        Assert.StartsWith(hosts.Console.BaseUrl + "/account/refused", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task A_locked_out_account_loses_its_console_session()
    {
        var (userId, email) = await hosts.Web.CreateUserAsync(Role.Operator);
        var page = await hosts.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, hosts, email, AuthTestExtensions.TestPassword);
        await Assertions.Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("operator");

        await ChangeUserAsync(userId, u =>
        {
            while (u.SignIn("wrong-password-every-time", DateTimeOffset.UtcNow) != SignInOutcome.LockedOut)
            {
            }
        });

        await page.GotoAsync("/payments");
        Assert.StartsWith(hosts.Web.BaseUrl + "/account/login", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    private async Task ChangeUserAsync(Guid userId, Action<User> change)
    {
        await using var scope = hosts.Web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        change(await db.Users.SingleAsync(u => u.Id == userId));
        await db.SaveChangesAsync();
    }
}
