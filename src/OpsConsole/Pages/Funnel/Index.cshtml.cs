using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Common;
using Scholar.Application.Ops.Funnel;
using Scholar.Application.Ops.GetGates;
using Scholar.Application.Ops.ListAuditLog;
using Scholar.Domain.Ops;
using Scholar.OpsConsole.Security;

namespace Scholar.OpsConsole.Pages.Funnel;

/// <summary>Stage, limits and history; widening and narrowing go through the same FunnelHandler as the API.</summary>
public sealed class IndexModel(FunnelHandler funnel, FunnelReviewHandler reviews, GetGatesHandler gates, ListAuditLogHandler audit) : PageModel
{
    public FunnelView Funnel { get; private set; } = null!;

    public GatesResult Gates { get; private set; } = null!;

    public IReadOnlyList<FunnelApprovalView> History { get; private set; } = [];

    /// <summary>What a CEO reviews before widening; its hashes are stored with the approval.</summary>
    public FunnelReview? Review { get; private set; }

    public bool IsCeo => User.IsInRole(Application.Auth.Roles.Ceo);

    [BindProperty]
    public string? Reason { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostWidenAsync(CancellationToken ct) => ChangeAsync(FunnelStage.Open, ct);

    public Task<IActionResult> OnPostNarrowAsync(CancellationToken ct) => ChangeAsync(FunnelStage.Pilot, ct);

    private async Task<IActionResult> ChangeAsync(FunnelStage to, CancellationToken ct)
    {
        try
        {
            var view = await funnel.ChangeAsync(new ChangeFunnelCommand(ConsoleSignIn.Actor(User), IsCeo, to, Reason), ct);
            Notice = $"The funnel is now {view.Stage}.";
            return RedirectToPage();
        }
        catch (AppException e)
        {
            Problem = e.Message;
            Response.StatusCode = e.Status;
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Funnel = await funnel.GetAsync(ct);
        Gates = await gates.HandleAsync(ct);
        History = await audit.FunnelHistoryAsync(ct);
        Review = Funnel.Stage == FunnelView.StageName(FunnelStage.Pilot) && IsCeo ? await reviews.HandleAsync(ct) : null;
    }
}
