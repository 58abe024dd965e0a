using Microsoft.Playwright;
using Scholar.Infrastructure.Configuration;

namespace Scholar.ConsoleTests;

/// <summary>What a person does in the browser, in the words of the pages they see.</summary>
public static class ConsoleBrowser
{
    /// <summary>Opens the console, is sent to the issuer's login page, signs in and waits to be back on the console.</summary>
    public static async Task SignInAsync(IPage page, ConsoleHosts hosts, string email, string password)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => url.StartsWith(hosts.Console.BaseUrl, StringComparison.Ordinal) && !url.Contains("/signin-oidc", StringComparison.Ordinal));
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException($"Sign-in of {email} did not come back to the console; the browser is at {page.Url}: {await page.InnerTextAsync("body")}", e);
        }
    }

    public static Task SignInAsCeoAsync(IPage page, ConsoleHosts hosts) =>
        SignInAsync(page, hosts, DevelopmentDefaults.Values["OPS_BOOTSTRAP_EMAIL"], DevelopmentDefaults.Values["OPS_BOOTSTRAP_PASSWORD"]);

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleHosts.ScreenshotDirectory, name + ".png"), FullPage = true });
}
