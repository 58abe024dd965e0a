using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Scholar.Application.Auth.ResetPassword;
using Scholar.Application.Common;
using Scholar.Domain.Common;

namespace Scholar.Web.Pages.Pilot;

/// <summary>Where the pilot's reset email links: the ResetPassword use case, as <c>POST /api/auth/password/reset</c>.</summary>
[AllowAnonymous]
public sealed class ResetPasswordModel(ResetPasswordHandler resetPassword) : PilotPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Email { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    public string? Error { get; private set; }

    public bool Done { get; private set; }

    public void OnGet() => Response.Headers.CacheControl = "no-store";

    public async Task OnPostAsync(CancellationToken ct)
    {
        try
        {
            await resetPassword.HandleAsync(new ResetPasswordCommand(Email, Token, NewPassword), ct);
            Done = true;
        }
        catch (Exception e) when (e is InputException or DomainException)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
