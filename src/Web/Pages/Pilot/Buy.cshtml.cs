using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Common.Idempotency;
using Scholar.Application.Payments.ListPackages;
using Scholar.Application.Payments.StartCheckout;
using Scholar.Web.Idempotency;
using Scholar.Web.Pilot;

namespace Scholar.Web.Pages.Pilot;

/// <summary>Starts a Checkout for one package (StartCheckout use case) and sends the student to pay.</summary>
[Authorize(Policy = PilotSignIn.StudentPolicy)]
public sealed class BuyModel(ListPackagesHandler packages, StartCheckoutHandler startCheckout, IdempotentExecution idempotency, IPaymentGateway gateway)
    : PilotPageModel
{
    [BindProperty(SupportsGet = true)]
    public string PackageId { get; set; } = "";

    /// <summary>
    /// This rendering of the form, sent back with the post as its idempotency key: a double click or a
    /// resubmitted form starts one checkout, and both answers lead to the same payment page.
    /// </summary>
    [BindProperty]
    public Guid Attempt { get; set; }

    public PackageView? Package { get; private set; }

    public string? Error { get; private set; }

    public bool Sandbox => gateway.Mode == GatewayMode.Sandbox;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Attempt = Guid.NewGuid();
        return await FindPackageAsync(ct) ? Page() : NotFoundPage();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await FindPackageAsync(ct))
        {
            return NotFoundPage();
        }

        var attempt = Attempt == Guid.Empty ? Guid.NewGuid() : Attempt;
        Attempt = Guid.NewGuid();
        try
        {
            var key = new IdempotencyRequest(IdempotentResponder.Scope(HttpContext), attempt.ToString("N"), RequestFingerprint.OfJson(new { PackageId }));
            var (answer, _) = await idempotency.ExecuteAsync(
                key,
                async c =>
                {
                    var started = await startCheckout.HandleAsync(new StartCheckout(StudentId, PackageId), c);
                    return new IdempotentResponse(StatusCodes.Status303SeeOther, "text/uri-list", Encoding.UTF8.GetBytes(started.Url));
                },
                _ => null,
                ct);

            // Stripe's hosted Checkout (or the sandbox page): the gateway made this URL, not the request.
            return Redirect(Encoding.UTF8.GetString(answer.Body));
        }
        catch (Exception e) when (e is AppException or PaymentGatewayException)
        {
            Error = e.Message;
            Response.StatusCode = e is AppException app ? app.Status : StatusCodes.Status502BadGateway;
            return Page();
        }
    }

    private async Task<bool> FindPackageAsync(CancellationToken ct)
    {
        Package = (await packages.HandleAsync(ct)).SingleOrDefault(p => p.Id == PackageId);
        return Package is not null;
    }

    private PageResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
