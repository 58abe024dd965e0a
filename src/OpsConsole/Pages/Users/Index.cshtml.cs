using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Scholar.Application.Common;
using Scholar.Application.Credits.RecordEntry;
using Scholar.Application.Ops.LookupUser;
using Scholar.Domain.Credits;

namespace Scholar.OpsConsole.Pages.Users;

/// <summary>User lookup (as <c>GET /api/ops/users</c>) and a credit grant or adjustment through the use case of <c>POST /api/ledger/entries</c>.</summary>
public sealed class IndexModel(LookupUserHandler lookup, RecordEntryHandler entries) : OperatorActionPage
{
    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    /// <summary><c>grant</c> or <c>adjustment</c>.</summary>
    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public long? Delta { get; set; }

    public UserLookup? Found { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await RedisplayAsync(ct);

    public Task<IActionResult> OnPostCreditAsync(CancellationToken ct) =>
        AskAsync("credit", CreditProblem() ?? RequireReason(Reason), ct);

    public Task<IActionResult> OnPostConfirmCreditAsync(CancellationToken ct) =>
        ConfirmAsync(
            async (key, c) =>
            {
                var user = await lookup.HandleAsync(Email ?? "", c);
                var entry = await entries.HandleAsync(new RecordEntryCommand(Actor, user.UserId, Delta ?? 0, KindOf(Kind), Reason!.Trim(), key), c);
                return $"Recorded a {Kind} of {entry.Delta.ToString("+#;-#;0", CultureInfo.InvariantCulture)} credits for {user.Email}.";
            },
            () => RedirectToPage(new { email = Email }),
            ct);

    public ConfirmationView? Confirmation => Confirming == "credit" && Found is { } user
        ? new ConfirmationView("Confirm the credit change",
            $"Record a {Kind} of {Delta?.ToString("+#;-#;0", CultureInfo.InvariantCulture)} credits for {user.Email} (balance now {user.Balance})?",
            "ConfirmCredit", "Confirm credit change", $"/users?email={Uri.EscapeDataString(user.Email)}",
            new Dictionary<string, string?>
            {
                ["Email"] = Email, ["Kind"] = Kind, ["Delta"] = Delta?.ToString(CultureInfo.InvariantCulture), ["Reason"] = Reason, ["ConfirmKey"] = ConfirmKey,
            })
        : null;

    protected override async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Email))
        {
            try
            {
                Found = await lookup.HandleAsync(Email, ct);
            }
            catch (NotFoundException)
            {
                Found = null;
            }
        }

        return Page();
    }

    private string? CreditProblem() => Kind switch
    {
        not ("grant" or "adjustment") => "Choose grant or adjustment.",
        _ when Delta is null or 0 => "The number of credits must be a non-zero whole number.",
        "grant" when Delta < 0 => "A grant adds credits; use an adjustment to take credits away.",
        _ => null,
    };

    private static LedgerEntryKind KindOf(string? kind) => kind == "grant" ? LedgerEntryKind.Grant : LedgerEntryKind.Adjustment;
}
