using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Common;

namespace Scholar.OpsConsole.Pages;

/// <summary>
/// A page whose action takes two posts: the first only asks "are you sure?" (the page shows a
/// confirmation form carrying <see cref="Confirmed"/>), the second acts. Works without JavaScript.
/// </summary>
public abstract class ConfirmedActionModel : PageModel
{
    [BindProperty]
    public bool Confirmed { get; set; }

    /// <summary>True while the page shows the confirmation step.</summary>
    public bool AwaitingConfirmation { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public string? Problem { get; private set; }

    public abstract Task LoadAsync(CancellationToken ct);

    /// <summary>Shows the confirmation step, or runs <paramref name="act"/> (its result is the notice) and redirects.</summary>
    protected async Task<IActionResult> ConfirmThenAsync(Func<Task<string>> act, CancellationToken ct)
    {
        if (!Confirmed)
        {
            AwaitingConfirmation = true;
            await LoadAsync(ct);
            return Page();
        }

        try
        {
            Notice = await act();
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
}
