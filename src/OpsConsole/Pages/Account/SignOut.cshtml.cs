using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.OpsConsole.Security;

namespace Scholar.OpsConsole.Pages.Account;

/// <summary>Ends the console session and, through OIDC end-session, the session at the issuer.</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public IActionResult OnPost() =>
        SignOut(new AuthenticationProperties { RedirectUri = "/account/signed-out" }, ConsoleSignIn.CookieScheme, ConsoleSignIn.OidcScheme);
}
