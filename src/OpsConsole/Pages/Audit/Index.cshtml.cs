using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Ops.ListAuditLog;

namespace Scholar.OpsConsole.Pages.Audit;

public sealed class IndexModel(ListAuditLogHandler audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    public IReadOnlyList<AuditLogView> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Entries = await audit.HandleAsync(Action, ct);
}
