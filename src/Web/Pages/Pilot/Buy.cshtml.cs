using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Payments.ListPackages;
using Scholar.Application.Payments.StartCheckout;
using Scholar.Web.Pilot;

namespace Scholar.Web.Pages.Pilot;

/// <summary>Starts a Checkout for one package (StartCheckout use case) and sends the student to pay.</summary>
[Authorize(Policy = PilotSignIn.StudentPolicy)]
public sealed class BuyModel(ListPackagesHandler packages, StartCheckoutHandler startCheckout, IPaymentGateway gateway) : PilotPageModel
{
    [BindProperty(SupportsGet = true)]
    public string PackageId { get; set; } = "";

    public PackageView? Package { get; private set; }

    public string? Error { get; private set; }

    public bool Sandbox => gateway.Mode == GatewayMode.Sandbox;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await FindPackageAsync(ct) ? Page() : NotFoundPage();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await FindPackageAsync(ct))
        {
            return NotFoundPage();
        }

        try
        {
            var started = await startCheckout.HandleAsync(new StartCheckout(StudentId, PackageId), ct);

            // Stripe's hosted Checkout (or the sandbox page): the gateway made this URL, not the request.
            return Redirect(started.Url);
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
