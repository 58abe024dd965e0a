using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Scholar.Application.Auth.ForgotPassword;
using Scholar.Infrastructure.Auth;

namespace Scholar.Web.Pages.Pilot;

/// <summary>
/// Emails a reset link to the pilot's reset page (ForgotPassword use case). The answer is the same
/// whether or not the account exists.
/// </summary>
[AllowAnonymous]
public sealed class ForgotPasswordModel(ForgotPasswordHandler forgotPassword, IOptions<AuthSettings> settings) : PilotPageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Email))
        {
            // From APP_BASE_URL, never from the request's Host header: the link carries a reset token.
            var resetPage = new Uri(settings.Value.AppBaseUri, "pilot/reset-password").ToString();
            await forgotPassword.HandleAsync(new ForgotPasswordCommand(Email.Trim(), resetPage), ct);
        }

        Sent = true;
    }
}
