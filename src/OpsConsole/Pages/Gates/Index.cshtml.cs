using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Ops.GetGates;

namespace Scholar.OpsConsole.Pages.Gates;

public sealed class IndexModel(GetGatesHandler gates) : PageModel
{
    public GatesResult Gates { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Gates = await gates.HandleAsync(ct);
}
