using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Scholar.Application.Payments.ListPackages;
using Scholar.Domain.Common;
using Scholar.Infrastructure.Auth.Sessions;
using Scholar.Infrastructure.Persistence;
using Scholar.Web.Pages.Pilot;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.ConsoleTests;

/// <summary>The student_pilot web app in Chromium: sign up, sign in, buy, pay on the sandbox page, see the credits.</summary>
[Collection(PilotTestGroup.Name)]
public sealed class PilotTests(ConsoleHosts hosts)
{
    [BrowserFact]
    public async Task New_student_signs_up_buys_the_cheapest_package_pays_in_the_sandbox_and_sees_the_credits()
    {
        var cheapest = await CheapestPackageAsync();
        var email = $"pilot-{Guid.NewGuid():N}@example.test";
        const string password = "Pilot-password-123!";
        var violations = new List<string>();
        var page = await PilotBrowser.NewPageAsync(hosts);

        await page.GotoAsync("/pilot");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Buy credits", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(Money.Format(cheapest.PriceCents, cheapest.Currency)).First).ToBeVisibleAsync();
        violations.AddRange(await PilotBrowser.SeriousAccessibilityViolationsAsync(page));
        await ConsoleBrowser.ScreenshotAsync(page, "pilot-01-packages");

        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Your name").FillAsync("Pat Pilot");
        await page.GetByLabel("Password").FillAsync(password);
        violations.AddRange(await PilotBrowser.SeriousAccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // Signing up leads to the issuer's login page; signing in comes back to the pilot.
        await PilotBrowser.SubmitLoginAsync(page, email, password);
        await PilotBrowser.WaitForPilotPageAsync(page, hosts);
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("0 credits");

        await page.GotoAsync("/pilot");
        await page.Locator($"a[href='/pilot/buy/{cheapest.Id}']").ClickAsync();
        violations.AddRange(await PilotBrowser.SeriousAccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/sandbox/checkout/", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("SANDBOX: no real money moves");
        violations.AddRange(await PilotBrowser.SeriousAccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay (sandbox)" }).ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/pilot/purchases/", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("purchase-status")).ToHaveTextAsync("fulfilled: credits added", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync($"{cheapest.Credits} credits");
        violations.AddRange(await PilotBrowser.SeriousAccessibilityViolationsAsync(page));
        await ConsoleBrowser.ScreenshotAsync(page, "pilot-02-purchase-fulfilled");

        await page.GetByRole(AriaRole.Link, new() { Name = "Purchases" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "fulfilled: credits added" })).ToBeVisibleAsync();
        violations.AddRange(await PilotBrowser.SeriousAccessibilityViolationsAsync(page));

        await page.GetByRole(AriaRole.Link, new() { Name = "My credits" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync($"{cheapest.Credits} credits");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = $"+{cheapest.Credits}" })).ToBeVisibleAsync();
        violations.AddRange(await PilotBrowser.SeriousAccessibilityViolationsAsync(page));
        await ConsoleBrowser.ScreenshotAsync(page, "pilot-03-credits");

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Cancelling_on_the_sandbox_page_returns_to_the_purchase_with_nothing_taken()
    {
        var cheapest = await CheapestPackageAsync();
        var (_, email) = await hosts.Web.CreateUserAsync();
        var page = await PilotBrowser.NewPageAsync(hosts);
        await PilotBrowser.SignInAsync(page, hosts, email, AuthTestExtensions.TestPassword, $"/pilot/buy/{cheapest.Id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();
        await PilotBrowser.WaitForUrlAsync(page, url => url.Contains("/sandbox/checkout/", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await PilotBrowser.WaitForUrlAsync(page, url => url.Contains("/pilot/purchases/", StringComparison.Ordinal) && url.Contains("cancelled=true", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("no payment was taken");
        await Assertions.Expect(page.GetByTestId("purchase-status")).ToHaveTextAsync("cancelled or expired");
        Assert.Empty(await PilotBrowser.SeriousAccessibilityViolationsAsync(page));

        await page.GotoAsync("/pilot/credits");
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("0 credits");

        // Signing out ends the issuer's session too: the next sign-in asks for the password.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await PilotBrowser.WaitForUrlAsync(page, url => url.EndsWith("/pilot?signedOut=true", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You are signed out.");
        await page.GotoAsync("/pilot/credits");
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Wrong_password_keeps_the_student_on_the_login_page_with_a_plain_message()
    {
        var (_, email) = await hosts.Web.CreateUserAsync();
        var page = await PilotBrowser.NewPageAsync(hosts);

        await page.GotoAsync("/pilot/credits");
        await PilotBrowser.SubmitLoginAsync(page, email, "Not-the-password-1!");

        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is wrong.");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Create an account" })).ToHaveAttributeAsync("href", hosts.Web.BaseUrl + "/pilot/signup");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Expired_session_asks_for_the_password_again_and_returns_to_the_page_asked_for()
    {
        var (_, email) = await hosts.Web.CreateUserAsync();
        var page = await PilotBrowser.NewPageAsync(hosts);
        await PilotBrowser.SignInAsync(page, hosts, email, AuthTestExtensions.TestPassword);
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("0 credits");

        // Both sessions run out (the pilot's and the issuer's login): the browser drops their cookies.
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync("/pilot/purchases");

        await PilotBrowser.SubmitLoginAsync(page, email, AuthTestExtensions.TestPassword);
        await PilotBrowser.WaitForPilotPageAsync(page, hosts);
        Assert.Equal(hosts.Web.BaseUrl + "/pilot/purchases", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your purchases", Level = 1 })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Forgotten_password_is_reset_from_the_emailed_pilot_link_and_the_new_one_signs_in()
    {
        var (_, email) = await hosts.Web.CreateUserAsync();
        const string newPassword = "Brand-new-password-9!";
        var page = await PilotBrowser.NewPageAsync(hosts);

        await page.GotoAsync("/pilot/forgot-password");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a reset link" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("If an account uses this address");

        var resetUrl = await hosts.Web.ResetUrlFromOutboxAsync(email);
        Assert.NotNull(resetUrl);
        Assert.StartsWith(hosts.Web.BaseUrl + "/pilot/reset-password?", resetUrl.ToString(), StringComparison.Ordinal);
        await page.GotoAsync(resetUrl.ToString());
        await page.GetByLabel("New password").FillAsync(newPassword);
        Assert.Empty(await PilotBrowser.SeriousAccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Password changed");

        await PilotBrowser.SignInAsync(page, hosts, email, newPassword);
        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("0 credits");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Access_token_about_to_expire_is_renewed_with_the_refresh_token_on_the_next_page()
    {
        var (_, email) = await hosts.Web.CreateUserAsync();
        var page = await PilotBrowser.NewPageAsync(hosts);
        await PilotBrowser.SignInAsync(page, hosts, email, AuthTestExtensions.TestPassword);
        var session = new PilotSessionCookie(hosts);
        var ticket = await session.ReadAsync(page.Context);
        var firstAccessToken = ticket.Properties.GetTokenValue("access_token");
        Assert.NotNull(ticket.Properties.GetTokenValue("refresh_token"));

        // The session's access token is said to expire now: the next page must renew it first.
        ticket.Properties.UpdateTokenValue("expires_at", DateTimeOffset.UtcNow.AddSeconds(-5).ToString("o", CultureInfo.InvariantCulture));
        await session.WriteAsync(page.Context, ticket);
        await page.GotoAsync("/pilot/credits");

        await Assertions.Expect(page.GetByTestId("balance")).ToHaveTextAsync("0 credits");
        var renewed = await session.ReadAsync(page.Context);
        Assert.NotEqual(firstAccessToken, renewed.Properties.GetTokenValue("access_token"));
        Assert.True(DateTimeOffset.Parse(renewed.Properties.GetTokenValue("expires_at")!, CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(1));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task The_students_tokens_stay_on_the_server_encrypted_and_signing_out_deletes_the_session()
    {
        var (userId, email) = await hosts.Web.CreateUserAsync();
        var page = await PilotBrowser.NewPageAsync(hosts);
        await PilotBrowser.SignInAsync(page, hosts, email, AuthTestExtensions.TestPassword);
        var session = new PilotSessionCookie(hosts);

        // The browser's cookie names the session and holds no token.
        var cookie = await session.ReadCookieAsync(page.Context);
        Assert.Null(cookie.Properties.GetTokenValue("access_token"));
        Assert.Null(cookie.Properties.GetTokenValue("refresh_token"));

        // The server's copy has them, encrypted at rest.
        var sessionId = Guid.ParseExact(await session.SessionIdAsync(page.Context), "N");
        var accessToken = (await session.ReadAsync(page.Context)).Properties.GetTokenValue("access_token");
        Assert.False(string.IsNullOrEmpty(accessToken));
        var stored = await StoredSessionAsync(sessionId);
        Assert.NotNull(stored);
        Assert.Equal(userId.ToString(), stored.Subject);
        Assert.DoesNotContain(accessToken[..40], Encoding.UTF8.GetString(stored.Ticket), StringComparison.Ordinal);
        Assert.DoesNotContain(accessToken[..40], Encoding.Unicode.GetString(stored.Ticket), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await PilotBrowser.WaitForUrlAsync(page, url => url.EndsWith("/pilot?signedOut=true", StringComparison.Ordinal));
        Assert.Null(await StoredSessionAsync(sessionId));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task A_double_submitted_buy_form_starts_one_checkout_and_the_waiting_page_checks_again_by_itself()
    {
        var cheapest = await CheapestPackageAsync();
        var (userId, email) = await hosts.Web.CreateUserAsync();
        var page = await PilotBrowser.NewPageAsync(hosts);
        await PilotBrowser.SignInAsync(page, hosts, email, AuthTestExtensions.TestPassword, $"/pilot/buy/{cheapest.Id}");

        // The same rendered form posted twice at once (a double click, a resubmission): one payment, one checkout.
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = (await page.Locator("#main input[name=__RequestVerificationToken]").GetAttributeAsync("value"))!,
            ["Attempt"] = (await page.Locator("#main input[name=Attempt]").GetAttributeAsync("value"))!,
        };
        var url = $"{hosts.Web.BaseUrl}/pilot/buy/{cheapest.Id}";
        var posts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            page.Context.APIRequest.PostAsync(url, new() { Form = FormOf(page, form), MaxRedirects = 0 })));
        Assert.All(posts, r => Assert.Equal(302, r.Status));
        Assert.Equal(posts[0].Headers["location"], posts[1].Headers["location"]);
        var payments = await PaymentsOfAsync(userId);
        var payment = Assert.Single(payments);

        // Not paid yet: the purchase page says so and asks the browser to load it again (no JavaScript).
        var waiting = await page.GotoAsync($"/pilot/purchases/{payment}");
        Assert.Equal(PurchaseModel.RefreshSeconds.ToString(CultureInfo.InvariantCulture), waiting!.Headers["refresh"]);
        await Assertions.Expect(page.GetByTestId("purchase-status")).ToHaveTextAsync("waiting for payment");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Stop checking" })).ToBeVisibleAsync();

        // The accessibility audit reads the same waiting page in a page of its own, served without its Refresh
        // header: the page's own reload may fire at any moment under load, and a reload while axe runs destroyed
        // the document it was reading (a full run once hung there until the hang guard stopped it).
        await page.CloseAsync();
        page = await page.Context.NewPageAsync();
        await page.RouteAsync($"**/pilot/purchases/{payment}", async route =>
        {
            var served = await route.FetchAsync();
            var headers = served.Headers.Where(h => !h.Key.Equals("refresh", StringComparison.OrdinalIgnoreCase)).ToDictionary();
            await route.FulfillAsync(new() { Response = served, Headers = headers });
        });
        await page.GotoAsync($"{hosts.Web.BaseUrl}/pilot/purchases/{payment}");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Stop checking" })).ToBeVisibleAsync();
        Assert.Empty(await PilotBrowser.SeriousAccessibilityViolationsAsync(page));

        // Stopped: the page no longer refreshes itself. Asked for in a page of its own, as above.
        await page.CloseAsync();
        page = await page.Context.NewPageAsync();
        var stopped = await page.GotoAsync($"{hosts.Web.BaseUrl}/pilot/purchases/{payment}?refresh=false");
        Assert.False(stopped!.Headers.ContainsKey("refresh"));
        await page.Context.CloseAsync();
    }

    private static IFormData FormOf(IPage page, Dictionary<string, string> fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }

    private async Task<List<Guid>> PaymentsOfAsync(Guid userId)
    {
        await using var scope = hosts.Web.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Payments.Where(p => p.UserId == userId).Select(p => p.Id).ToListAsync();
    }

    private async Task<ServerSession?> StoredSessionAsync(Guid id)
    {
        await using var scope = hosts.Web.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().ServerSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id);
    }

    private async Task<PackageView> CheapestPackageAsync()
    {
        using var client = hosts.Web.CreateClient();
        var packages = await client.GetFromJsonAsync<List<PackageView>>("/api/packages") ?? [];
        return packages.OrderBy(p => p.PriceCents).First();
    }
}

/// <summary>
/// The pilot's tests on hosts and a database of their own: their sign-ups, resets and receipts fill
/// the outbox, which the console tests deliver and count.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PilotTestGroup : ICollectionFixture<ConsoleHosts>
{
    public const string Name = "pilot";
}
