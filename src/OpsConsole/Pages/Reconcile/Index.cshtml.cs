using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Scholar.Application.Ops.Reconcile;

namespace Scholar.OpsConsole.Pages.Reconcile;

/// <summary>Reconciliation with the provider, through the use case of <c>POST /api/ops/reconcile</c>.</summary>
public sealed class IndexModel(ReconcileHandler reconcile, TimeProvider clock) : OperatorActionPage
{
    /// <summary>UTC, as the <c>datetime-local</c> input sends it.</summary>
    [BindProperty]
    public DateTime? Since { get; set; }

    public DateTime DefaultSince => clock.GetUtcNow().UtcDateTime.AddDays(-1);

    public IActionResult OnGet() => Page();

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        AskAsync("reconcile", Since is null ? "Say since when (UTC) to bring in what the provider reports." : null, ct);

    public Task<IActionResult> OnPostConfirmAsync(CancellationToken ct) =>
        ConfirmAsync(
            async (_, c) =>
            {
                var s = await reconcile.HandleAsync(new ReconcileCommand(Actor, SinceUtc), c);
                return $"Reconciled since {SinceUtc:u}: {s.Checked} checked, {s.Fulfilled} fulfilled, {s.Reversed} reversed.";
            },
            RedirectToPage,
            ct,
            reasonRequired: false);

    public ConfirmationView? Confirmation => Confirming == "reconcile"
        ? new ConfirmationView("Confirm the reconciliation",
            $"Bring in every paid session, refund and dispute the provider reports since {SinceUtc:u}, through the webhook's own code path?",
            "Confirm", "Confirm reconcile", "/reconcile",
            new Dictionary<string, string?> { ["Since"] = Since?.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture), ["ConfirmKey"] = ConfirmKey })
        : null;

    private DateTimeOffset SinceUtc => new(DateTime.SpecifyKind(Since ?? DefaultSince, DateTimeKind.Utc));

    protected override Task<IActionResult> RedisplayAsync(CancellationToken ct) => Task.FromResult<IActionResult>(Page());
}
