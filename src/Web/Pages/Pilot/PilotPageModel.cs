using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Web.Pilot;
using Scholar.Web.Security;

namespace Scholar.Web.Pages.Pilot;

/// <summary>
/// A student_pilot page. The pilot's cookie is not the host's default scheme (APIs take bearer
/// tokens), so every page reads it itself: the layout then knows who is signed in, on public pages too.
/// </summary>
public abstract class PilotPageModel : PageModel
{
    public const string SignedInAsKey = "SignedInAs";

    public ClaimsPrincipal? Student { get; private set; }

    protected Guid StudentId => Student?.UserId() ?? throw new InvalidOperationException("This page needs a signed-in student.");

    protected Task<string?> AccessTokenAsync() => HttpContext.GetTokenAsync(PilotSignIn.CookieScheme, PilotTokens.AccessToken);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var result = await HttpContext.AuthenticateAsync(PilotSignIn.CookieScheme);
        Student = result.Succeeded ? result.Principal : null;
        ViewData[SignedInAsKey] = Student?.Identity?.Name ?? Student?.FindFirstValue("email");
        await next();
    }
}
