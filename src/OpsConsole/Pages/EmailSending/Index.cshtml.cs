using Microsoft.AspNetCore.Mvc;
using Scholar.Application.Ops.EmailSending;
using Scholar.OpsConsole.Security;

namespace Scholar.OpsConsole.Pages.EmailSending;

/// <summary>Whether email sending is halted for every instance, and the resume action (confirmed, audited).</summary>
public sealed class IndexModel(GetEmailSendingHandler state, ResumeEmailSendingHandler resume) : ConfirmedActionModel
{
    public EmailSendingState State { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostResumeAsync(CancellationToken ct) =>
        ConfirmThenAsync(async () =>
        {
            var after = await resume.HandleAsync(new ResumeEmailSendingCommand(ConsoleSignIn.Actor(User)), ct);
            return after.Halted ? "Email sending is still halted." : "Email sending resumed on every instance.";
        }, ct);

    public override async Task LoadAsync(CancellationToken ct) => State = await state.HandleAsync(ct);
}
