using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Scholar.Web.Pilot;

namespace Scholar.Web.Pages.Pilot;

/// <summary>Sends the student to the issuer's login page (code + PKCE), then back to where they were going.</summary>
[AllowAnonymous]
public sealed class SignInModel : PilotPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet()
    {
        var target = ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl) && ReturnUrl.StartsWith(PilotSignIn.HomePath, StringComparison.Ordinal)
            ? ReturnUrl
            : "/pilot/credits";
        return Challenge(new AuthenticationProperties { RedirectUri = target }, PilotSignIn.OidcScheme);
    }
}
