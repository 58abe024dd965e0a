using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Scholar.Web.Pilot;

namespace Scholar.Web.Pages.Pilot;

/// <summary>Ends the pilot session and the issuer's (so the next sign-in asks for a password again).</summary>
[AllowAnonymous]
public sealed class SignOutModel : PilotPageModel
{
    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        var properties = new AuthenticationProperties { RedirectUri = PilotSignIn.HomePath + "?signedOut=true" };
        return Student is null
            ? LocalRedirect(properties.RedirectUri)
            : SignOut(properties, PilotSignIn.CookieScheme, PilotSignIn.OidcScheme);
    }
}
