using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Scholar.Application.Common;
using Scholar.Application.Notifications.Deliverability;
using Scholar.Infrastructure.Notifications;

namespace Scholar.OpsConsole.Pages.Deliverability;

public sealed class IndexModel(GetDeliverabilityHandler report, StartInboxTestHandler inboxTest, IOptions<NotificationSettings> settings) : PageModel
{
    public DeliverabilityReport Report { get; private set; } = new(null, []);

    public string? SenderDomain => settings.Value.SenderDomain;

    public IReadOnlyList<string> Inboxes => settings.Value.TestInboxes;

    [TempData]
    public string? Notice { get; set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Report = await report.HandleAsync(SenderDomain, ct);

    public async Task<IActionResult> OnPostInboxTestAsync(CancellationToken ct)
    {
        try
        {
            var run = await inboxTest.HandleAsync(Inboxes, ct);
            Notice = $"Inbox test {run.RunId} queued to {run.Inboxes.Count} inbox(es).";
            return RedirectToPage();
        }
        catch (ConflictException e)
        {
            Problem = e.Message;
            Response.StatusCode = e.Status;
            Report = await report.HandleAsync(SenderDomain, ct);
            return Page();
        }
    }
}
