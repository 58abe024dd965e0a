using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Common;
using Scholar.Application.Ops.ListValidationRuns;
using Scholar.Application.Ops.SecretsCheck;
using Scholar.Application.Ops.StartValidationRun;
using Scholar.Application.Ops.StopValidationRun;
using Scholar.Application.Payments.ListPayments;
using Scholar.Domain.Payments;
using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.OpsConsole.Security;

namespace Scholar.OpsConsole.Pages.Runs;

public sealed record ChecklistItem(string Title, bool Done, string Evidence);

/// <summary>A 60-minute validation run with the checklist of DESIGN.md 8.3, each item read from live data.</summary>
public sealed class IndexModel(
    ListValidationRunsHandler runs,
    StartValidationRunHandler start,
    StopValidationRunHandler stop,
    SecretsCheckHandler secrets,
    ListPaymentsHandler payments,
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
            var run = await start.HandleAsync(new StartValidationRunCommand(ConsoleSignIn.Actor(User), mode.SandboxPayments), ct);
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
            Response.StatusCode = e is NotFoundException ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
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

        var notify = (await secrets.HandleAsync(new SecretsCheckQuery(null), ct))
            .SelectMany(a => a.Settings.Where(s => s.Name == "NOTIFY_WEBHOOK_SECRET").Select(s => (a.App, s.Source)))
            .ToList();
        var fulfilled = (await payments.HandleAsync(new ListPaymentsQuery(PaymentStatus.Fulfilled, null), ct)).Items
            .Where(p => p.FulfilledAt >= run.StartedAt && (run.Sandbox ? p.Sandbox : p.Livemode))
            .ToList();
        var first = fulfilled.LastOrDefault();
        Checklist =
        [
            new("NOTIFY_WEBHOOK_SECRET set", notify.Count > 0 && notify.All(n => n.Source == "env"),
                string.Join(", ", notify.Select(n => $"{n.App}: {SecretsCheckHandler.Describe(n.Source)}"))),
            new("/api/send smoke test", Smoke?.Succeeded == true, Smoke is null ? "Run it below." : $"{Smoke.StatusCode?.ToString() ?? "no answer"}"),
            new("A purchase completed", first is not null, first is null ? "No fulfilled payment since the run started." : $"Payment {first.PaymentId} fulfilled at {first.FulfilledAt:u}."),
            new("Credits verified", first is not null, first is null ? "Waits for the purchase." : "Open the payment: its ledger entry and balance are shown."),
            new("Ledger verified", first is not null, first is null ? "Waits for the purchase." : "The purchase entry is on the payment page, with the balance after it."),
            new("Evidence attached", first is not null, first is null ? "Waits for the purchase." : "Download the evidence bundle from the payment page."),
        ];
        FirstPayment = first?.PaymentId;
    }

    public Guid? FirstPayment { get; private set; }
}
