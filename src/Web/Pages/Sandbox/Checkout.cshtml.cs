using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Infrastructure.Payments;
using Scholar.Infrastructure.Payments.Sandbox;

namespace Scholar.Web.Pages.Sandbox;

/// <summary>
/// The sandbox's stand-in for Stripe's hosted Checkout page (Development without a Stripe key):
/// Pay and Cancel send the Stripe-shaped, Stripe-signed event to the webhook, then return the
/// student to the success or cancel URL, as Stripe would.
/// </summary>
[AllowAnonymous]
public sealed class CheckoutModel(IPaymentGateway gateway, SandboxCheckout sandbox, StripeSettings settings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string SessionId { get; set; } = "";

    public SandboxSession? Session { get; private set; }

    public string? Error { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(null, ct);

    /// <summary>A method with no handler here (TRACE, PUT, …) would render the page without a session: 405 instead.</summary>
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod is null)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
        }
    }

    public Task<IActionResult> OnPostPayAsync(CancellationToken ct) =>
        ActAsync(() => sandbox.PayAsync(SessionId, ct), s => settings.SuccessUrlFor(s.PaymentId), ct);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) =>
        ActAsync(() => sandbox.CancelAsync(SessionId, ct), s => settings.CancelUrlFor(s.PaymentId), ct);

    private async Task<IActionResult> ActAsync(Func<Task<SandboxDelivery>> act, Func<SandboxSession, string> returnUrl, CancellationToken ct)
    {
        if (gateway.Mode != GatewayMode.Sandbox)
        {
            return NotFound();
        }

        try
        {
            var delivery = await act();
            if (delivery.WebhookStatus is < 200 or >= 300)
            {
                return await ShowAsync($"{delivery.EventType} was sent, but the webhook answered {delivery.WebhookStatus}.", ct);
            }

            var session = await sandbox.GetAsync(SessionId, ct);
            return Redirect(returnUrl(session).Replace(StripeSettings.SessionIdPlaceholder, session.Id, StringComparison.Ordinal));
        }
        catch (ConflictException e)
        {
            return await ShowAsync(e.Message, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task<IActionResult> ShowAsync(string? error, CancellationToken ct)
    {
        if (gateway.Mode != GatewayMode.Sandbox)
        {
            return NotFound();
        }

        try
        {
            Session = await sandbox.GetAsync(SessionId, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Error = error;
        Response.Headers.CacheControl = "no-store";
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return Page();
    }
}
