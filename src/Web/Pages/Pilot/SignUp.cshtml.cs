using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Scholar.Application.Auth.SignUp;
using Scholar.Application.Common;
using Scholar.Domain.Auth;
using Scholar.Domain.Common;

namespace Scholar.Web.Pages.Pilot;

/// <summary>Creates a student account (SignUp use case, as <c>POST /api/auth/signup</c>), then sends the student to sign in.</summary>
[AllowAnonymous]
public sealed class SignUpModel(SignUpHandler signUp) : PilotPageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string Password { get; set; } = "";

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Error = Check();
        if (Error is null)
        {
            try
            {
                await signUp.HandleAsync(new SignUpCommand(Email.Trim(), Password, string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim()), ct);
                return Redirect("/pilot/signin?created=true");
            }
            catch (Exception e) when (e is AppException or DomainException)
            {
                Error = e.Message;
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The same limits as the API's validator, in the words of the form.</summary>
    private string? Check() =>
        string.IsNullOrWhiteSpace(Email) || !Email.Contains('@', StringComparison.Ordinal) || Email.Length > Domain.Auth.User.MaxEmailLength
            ? "Enter your email address."
            : Password.Length is < Passwords.MinLength or > Passwords.MaxLength
                ? $"Choose a password of {Passwords.MinLength} to {Passwords.MaxLength} characters."
                : DisplayName?.Length > Domain.Auth.User.MaxDisplayNameLength
                    ? $"Your name can have at most {Domain.Auth.User.MaxDisplayNameLength} characters."
                    : null;
}
