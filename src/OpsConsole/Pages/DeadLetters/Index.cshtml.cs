using Microsoft.AspNetCore.Mvc;
using Scholar.Application.Ops.DeadLetters;
using Scholar.OpsConsole.Security;

namespace Scholar.OpsConsole.Pages.DeadLetters;

/// <summary>Dead-lettered outbox messages and failed notifications, and the retry action (confirmed, audited).</summary>
public sealed class IndexModel(ListDeadLettersHandler list, RetryDeadLettersHandler retry) : ConfirmedActionModel
{
    public IReadOnlyList<DeadLetterView> Letters { get; private set; } = [];

    /// <summary>The dead letters to retry; none means every one.</summary>
    [BindProperty]
    public List<Guid> Ids { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostRetryAsync(CancellationToken ct) =>
        ConfirmThenAsync(async () =>
        {
            var result = await retry.HandleAsync(new RetryDeadLettersCommand(Ids.Count == 0 ? null : Ids, ConsoleSignIn.Actor(User)), ct);
            return $"{result.Requeued} message(s) queued again.";
        }, ct);

    public override async Task LoadAsync(CancellationToken ct) => Letters = await list.HandleAsync(ct);
}
