using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.Playwright;
using Scholar.Web.Pilot;

namespace Scholar.ConsoleTests;

/// <summary>
/// Reads and rewrites the browser's student_pilot session cookie with the Web host's own ticket
/// format and chunking, so a test can age the session's tokens without waiting an hour.
/// </summary>
public sealed class PilotSessionCookie(ConsoleHosts hosts)
{
    private readonly CookieAuthenticationOptions _options =
        hosts.Web.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(PilotSignIn.CookieScheme);

    private string Name => _options.Cookie.Name!;

    public async Task<AuthenticationTicket> ReadAsync(IBrowserContext browser)
    {
        var cookies = await browser.CookiesAsync([hosts.Web.BaseUrl]);
        var request = new DefaultHttpContext();
        request.Request.Headers.Cookie = string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        var value = new ChunkingCookieManager().GetRequestCookie(request, Name)
            ?? throw new InvalidOperationException("The browser holds no student_pilot session cookie.");
        return _options.TicketDataFormat.Unprotect(value) ?? throw new InvalidOperationException("The session cookie did not decrypt.");
    }

    public async Task WriteAsync(IBrowserContext browser, AuthenticationTicket ticket)
    {
        var response = new DefaultHttpContext();
        new ChunkingCookieManager().AppendResponseCookie(response, Name, _options.TicketDataFormat.Protect(ticket), new CookieOptions { Path = "/" });
        var fresh = SetCookieHeaderValue.ParseList(response.Response.Headers.SetCookie.OfType<string>().ToList())
            .Select(c => new Cookie { Name = c.Name.Value!, Value = c.Value.Value!, Url = hosts.Web.BaseUrl })
            .ToList();

        var kept = (await browser.CookiesAsync([hosts.Web.BaseUrl])).Where(c => !c.Name.StartsWith(Name, StringComparison.Ordinal)).ToList();
        await browser.ClearCookiesAsync();
        await browser.AddCookiesAsync([.. kept.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }), .. fresh]);
    }
}
