using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Scholar.Application.Auth;
using Scholar.Application.Auth.SignIn;
using Scholar.Infrastructure.Auth;
using Scholar.Web.Modules;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Scholar.Web.Pages.Account;

/// <summary>
/// The issuer's login form. It signs the user into the login cookie only; <c>/connect/authorize</c>
/// (the usual <see cref="ReturnUrl"/>) turns that into an authorization code for the client.
/// </summary>
public sealed class LoginModel(SignInHandler signIn, IOptions<AuthSettings> settings) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public string? SignedInAs { get; private set; }

    /// <summary>The student_pilot pages beside this login form (sign up, forgot password), where the pilot is known.</summary>
    public string? SignUpUrl => settings.Value.StudentPilotPageUrl("signup");

    public string? ForgotPasswordUrl => settings.Value.StudentPilotPageUrl("forgot-password");

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Error = "Enter your email address and password.";
            return Page();
        }

        var result = await signIn.HandleAsync(new SignInCommand(Input.Email, Input.Password), ct);
        if (!result.Succeeded)
        {
            // A locked account reads like a wrong password: the page must not confirm that the account exists.
            Error = "The email or password is wrong.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var user = result.User!;
        var identity = new ClaimsIdentity(AuthModule.LoginScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Id.ToString()));
        identity.AddClaim(new Claim(Claims.Name, user.DisplayName));
        identity.AddClaim(new Claim(ScholarClaims.SecurityStamp, user.SecurityStamp.ToString()));
        await HttpContext.SignInAsync(AuthModule.LoginScheme, new ClaimsPrincipal(identity));

        if (ReturnUrl is not null && Url.IsLocalUrl(ReturnUrl))
        {
            return LocalRedirect(ReturnUrl);
        }

        SignedInAs = user.DisplayName;
        return Page();
    }

    public sealed class LoginInput
    {
        [Required]
        [EmailAddress]
        public string Email { get; set; } = "";

        [Required]
        public string Password { get; set; } = "";
    }
}
