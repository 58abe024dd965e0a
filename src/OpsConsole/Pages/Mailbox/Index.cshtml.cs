using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Infrastructure.Notifications.Mailbox;
using Scholar.OpsConsole.Security;

namespace Scholar.OpsConsole.Pages.Mailbox;

public sealed class IndexModel(LocalMailbox mailbox, ConsoleMode mode) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public IReadOnlyList<MailboxEntry> Messages { get; private set; } = [];

    public bool InUse { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        InUse = (await mode.ReadAsync(ct)).LocalMailbox;
        Messages = await mailbox.ListAsync(To, 100, ct);
    }
}
