using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Domain.Common;
using Scholar.OpsConsole.Security;

namespace Scholar.OpsConsole.Pages;

/// <summary>
/// A page whose operator actions take two posts (DESIGN.md 10.3): the first checks the input and shows
/// what will happen with a fresh idempotency key; only the second, "Confirm", calls the Application use
/// case, with that key, so a double-submitted confirmation is one action.
/// </summary>
public abstract class OperatorActionPage : PageModel
{
    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The idempotency key of the action being confirmed (made when the confirmation is shown).</summary>
    [BindProperty]
    public string? ConfirmKey { get; set; }

    /// <summary>The action awaiting confirmation, or null.</summary>
    public string? Confirming { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public string? Problem { get; private set; }

    /// <summary>The Stripe dashboard of the ids a notice names (a refund's …); none unless the page shows one payment.</summary>
    public virtual StripeDashboard StripeDashboard => StripeDashboard.None;

    protected string Actor => ConsoleSignIn.Actor(User);

    /// <summary>Re-renders the page with its data (after a refusal or for the confirmation step).</summary>
    protected abstract Task<IActionResult> RedisplayAsync(CancellationToken ct);

    /// <summary>The first post: shows the confirmation, or says what is wrong with the input (400, nothing written).</summary>
    protected Task<IActionResult> AskAsync(string action, string? problem, CancellationToken ct)
    {
        if (problem is null)
        {
            Confirming = action;
            ConfirmKey = Guid.NewGuid().ToString("N");
        }
        else
        {
            Refuse(problem, StatusCodes.Status400BadRequest);
        }

        return RedisplayAsync(ct);
    }

    /// <summary>The confirmed post: runs the use case; its refusal is shown as the API would answer it.</summary>
    /// <param name="act">The use case, given the confirmation's idempotency key; returns the notice to show.</param>
    /// <param name="done">Where to go after it ran (a redirect, so a reload does not post again).</param>
    /// <param name="ct">The request's token.</param>
    /// <param name="reasonRequired">False for actions whose contract takes no reason (reconcile).</param>
    protected async Task<IActionResult> ConfirmAsync(Func<string, CancellationToken, Task<string>> act, Func<IActionResult> done, CancellationToken ct, bool reasonRequired = true)
    {
        if (string.IsNullOrWhiteSpace(ConfirmKey) || (reasonRequired && string.IsNullOrWhiteSpace(Reason)))
        {
            Refuse("The confirmation was incomplete; start the action again.", StatusCodes.Status400BadRequest);
            return await RedisplayAsync(ct);
        }

        try
        {
            Notice = await act(ConfirmKey, ct);
            return done();
        }
        catch (AppException e)
        {
            Refuse(e.Message, e.Status);
        }
        catch (DomainException e)
        {
            Refuse(e.Message, StatusCodes.Status409Conflict);
        }
        catch (PaymentGatewayException e)
        {
            Refuse(e.Message, StatusCodes.Status502BadGateway);
        }

        return await RedisplayAsync(ct);
    }

    protected static string? RequireReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "Say why: the reason is recorded in the audit log." : null;

    private void Refuse(string problem, int status)
    {
        Problem = problem;
        Response.StatusCode = status;
    }
}

/// <summary>The confirmation box of an <see cref="OperatorActionPage"/>.</summary>
public sealed record ConfirmationView(string Title, string Question, string Handler, string Button, string CancelHref, IReadOnlyDictionary<string, string?> Fields);
