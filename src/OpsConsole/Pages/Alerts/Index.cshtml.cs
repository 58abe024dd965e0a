using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Ops.Alerts;

namespace Scholar.OpsConsole.Pages.Alerts;

/// <summary>Every recent alert, open and resolved, newest first (the banner shows the open ones on every page).</summary>
public sealed class IndexModel(ListAlertsHandler alerts) : PageModel
{
    public const int Shown = 100;

    public IReadOnlyList<AlertView> Alerts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Alerts = await alerts.HandleAsync(Shown, ct);
}
