using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Common;
using Scholar.Application.Ops.ListValidationRuns;
using Scholar.Application.Ops.GetRunChecklist;
using Scholar.Application.Ops.StartValidationRun;
using Scholar.Application.Ops.StopValidationRun;
using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.OpsConsole.Security;

namespace Scholar.OpsConsole.Pages.Runs;

/// <summary>A 60-minute validation run with the checklist of DESIGN.md 8.3, as the ops API computes it.</summary>
public sealed class IndexModel(
    ListValidationRunsHandler runs,
    StartValidationRunHandler start,
    StopValidationRunHandler stop,
    GetRunChecklistHandler checklists,
    SendSmokeTest smoke,
    ConsoleMode mode,
    TimeProvider clock) : PageModel
{
    public IReadOnlyList<ValidationRunResult> Runs { get; private set; } = [];

    public ValidationRunResult? Active => Runs.FirstOrDefault(r => r.Active);

    public IReadOnlyList<ChecklistItem> Checklist { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    [BindProperty]
    public string? SmokeTo { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public SmokeTestAnswer? Smoke { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct) =>
        await ActAsync(async () =>
        {
            var run = await start.HandleAsync(new StartValidationRunCommand(ConsoleSignIn.Actor(User), (await mode.ReadAsync(ct)).SandboxPayments), ct);
            Notice = $"Validation run started; it ends at {run.EndsAt.UtcDateTime:HH:mm} UTC.";
        }, ct);

    public async Task<IActionResult> OnPostStopAsync(Guid runId, CancellationToken ct) =>
        await ActAsync(async () =>
        {
            await stop.HandleAsync(new StopValidationRunCommand(runId, ConsoleSignIn.Actor(User)), ct);
            Notice = "Validation run stopped.";
        }, ct);

    public async Task<IActionResult> OnPostSmokeAsync(CancellationToken ct)
    {
        var to = string.IsNullOrWhiteSpace(SmokeTo) ? User.FindFirst("email")?.Value : SmokeTo.Trim();
        if (string.IsNullOrEmpty(to))
        {
            Problem = "Say which address the smoke test email goes to.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            Smoke = await smoke.RunAsync(to, ct);
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task<IActionResult> ActAsync(Func<Task> action, CancellationToken ct)
    {
        try
        {
            await action();
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
        Now = clock.GetUtcNow();
        Runs = await runs.HandleAsync(ct);
        if (Active is not { } run)
        {
            return;
        }

        var checklist = await checklists.HandleAsync(run.Id, ct);
        Checklist = checklist.Items;
        FirstPayment = checklist.PaymentId;
    }

    public Guid? FirstPayment { get; private set; }
}
