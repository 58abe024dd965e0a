using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Infrastructure.Notifications.Mailbox;

namespace Scholar.OpsConsole.Pages.Mailbox;

public sealed class MessageModel(LocalMailbox mailbox) : PageModel
{
    public MailboxMessage Message { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var message = await mailbox.FindAsync(id, ct);
        if (message is null)
        {
            return NotFound();
        }

        Message = message;
        return Page();
    }
}
