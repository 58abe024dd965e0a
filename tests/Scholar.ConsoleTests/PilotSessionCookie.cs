using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Scholar.Web.Pilot;

namespace Scholar.ConsoleTests;

/// <summary>
/// Reads and rewrites the server-side student_pilot session behind the browser's cookie, through the
/// Web host's own cookie format and session store, so a test can age the session's tokens without
/// waiting an hour.
/// </summary>
public sealed class PilotSessionCookie(ConsoleHosts hosts)
{
    /// <summary>The claim the cookie handler puts the session's id in (CookieAuthenticationHandler's own name).</summary>
    private const string SessionIdClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    private readonly CookieAuthenticationOptions _options =
        hosts.Web.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(PilotSignIn.CookieScheme);

    private ITicketStore Store => _options.SessionStore ?? throw new InvalidOperationException("The student_pilot sessions are not kept server-side.");

    /// <summary>What the browser's cookie holds: the session id only, never a token.</summary>
    public async Task<AuthenticationTicket> ReadCookieAsync(IBrowserContext browser)
    {
        var cookies = await browser.CookiesAsync([hosts.Web.BaseUrl]);
        var request = new DefaultHttpContext();
        request.Request.Headers.Cookie = string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        var value = new ChunkingCookieManager().GetRequestCookie(request, _options.Cookie.Name!)
            ?? throw new InvalidOperationException("The browser holds no student_pilot session cookie.");
        return _options.TicketDataFormat.Unprotect(value) ?? throw new InvalidOperationException("The session cookie did not decrypt.");
    }

    public async Task<string> SessionIdAsync(IBrowserContext browser) =>
        (await ReadCookieAsync(browser)).Principal.FindFirst(SessionIdClaim)?.Value
        ?? throw new InvalidOperationException("The session cookie names no server-side session.");

    public async Task<AuthenticationTicket> ReadAsync(IBrowserContext browser) =>
        await Store.RetrieveAsync(await SessionIdAsync(browser)) ?? throw new InvalidOperationException("The server holds no such session.");

    public async Task WriteAsync(IBrowserContext browser, AuthenticationTicket ticket) =>
        await Store.RenewAsync(await SessionIdAsync(browser), ticket);
}
