using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Scholar.ConsoleTests;

/// <summary>What a student does in the browser on the student_pilot pages of the Web host.</summary>
public static class PilotBrowser
{
    /// <summary>A fresh browser profile (no cookies) on the Web host, phone-sized unless told otherwise.</summary>
    public static async Task<IPage> NewPageAsync(ConsoleHosts hosts, int width = 390, int height = 844)
    {
        var context = await hosts.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = hosts.Web.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return await context.NewPageAsync();
    }

    /// <summary>On the issuer's login page (wherever the pilot sent the student), signs in.</summary>
    public static async Task SubmitLoginAsync(IPage page, string email, string password)
    {
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Signs in from the pilot and waits to be back on a pilot page (not the OIDC callback).</summary>
    public static async Task SignInAsync(IPage page, ConsoleHosts hosts, string email, string password, string start = "/pilot/signin")
    {
        await page.GotoAsync(start);
        await SubmitLoginAsync(page, email, password);
        await WaitForPilotPageAsync(page, hosts);
    }

    public static Task WaitForPilotPageAsync(IPage page, ConsoleHosts hosts) =>
        WaitForUrlAsync(page, url => url.StartsWith(hosts.Web.BaseUrl + "/pilot", StringComparison.Ordinal) && !url.Contains("/signin", StringComparison.Ordinal));

    /// <summary>
    /// Waits for a page whose address matches, then for its body; a timeout says where the browser is and
    /// what it shows. The address is polled: <c>page.WaitForURLAsync</c> also waits for the page's load event,
    /// and on a loaded CI machine it timed out on a page that had arrived and rendered (its own message showed
    /// the matching address and the page's text).
    /// </summary>
    public static async Task WaitForUrlAsync(IPage page, Func<string, bool> expected)
    {
        var deadline = DateTimeOffset.UtcNow + NavigationTimeout;
        while (!expected(page.Url))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The browser is at {page.Url}: {await page.InnerTextAsync("body")}");
            }

            await Task.Delay(50);
        }

        await page.Locator("body").WaitForAsync();
    }

    private static readonly TimeSpan NavigationTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan AuditTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Axe's serious and critical findings on the page as it is now, one line each (empty when none).</summary>
    public static async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync(IPage page)
    {
        // Axe's evaluation has no timeout of its own: a page that navigates away under it can leave it waiting.
        var result = await page.RunAxe().WaitAsync(AuditTimeout);
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{page.Url}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Select(n => n.Html))}")
            .ToList();
    }
}
