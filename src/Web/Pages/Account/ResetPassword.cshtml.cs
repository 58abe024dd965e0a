using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Auth.ResetPassword;
using Scholar.Application.Common;
using Scholar.Domain.Common;

namespace Scholar.Web.Pages.Account;

/// <summary>Where the password_reset email links: the same use case as <c>POST /api/auth/password/reset</c>.</summary>
[AllowAnonymous]
public sealed class ResetPasswordModel(ResetPasswordHandler handler) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Email { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    public string? Error { get; private set; }

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            await handler.HandleAsync(new ResetPasswordCommand(Email, Token, NewPassword), ct);
            Done = true;
        }
        catch (Exception e) when (e is InputException or DomainException)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
