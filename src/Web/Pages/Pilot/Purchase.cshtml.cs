using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Scholar.Application.Payments.GetPurchase;
using Scholar.Application.Payments.ListPurchases;
using Scholar.Web.Pilot;
using Balance = Scholar.Web.Features.Credits.GetBalance.Response;

namespace Scholar.Web.Pages.Pilot;

/// <summary>
/// Where Checkout sends the student back. Credits arrive with Stripe's webhook, not with this
/// request, so the page checks again by itself (no JavaScript) until the payment settles.
/// </summary>
[Authorize(Policy = PilotSignIn.StudentPolicy)]
public sealed class PurchaseModel(GetPurchaseHandler purchases, ScholarshipApiClient scholarshipApi) : PilotPageModel
{
    public const int RefreshSeconds = 3;

    /// <summary>Statuses that can still change without the student doing anything.</summary>
    private static readonly string[] Settling = ["pending", "paid"];

    [BindProperty(SupportsGet = true)]
    public Guid PaymentId { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Cancelled { get; set; }

    /// <summary>The student can stop the automatic checks (WCAG 2.2.1: timing adjustable).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Refresh { get; set; } = true;

    public PurchaseView? Purchase { get; private set; }

    public Balance? Balance { get; private set; }

    public string? BalanceError { get; private set; }

    public bool RefreshesItself => Purchase is not null && Refresh && !Cancelled && Settling.Contains(Purchase.Status);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Purchase = await purchases.HandleAsync(new GetPurchaseQuery(StudentId, PaymentId), ct);
        if (Purchase is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Response.Headers.CacheControl = "no-store";
        if (RefreshesItself)
        {
            // The browser loads the page again by itself (no JavaScript); the page offers "Stop checking"
            // (WCAG 2.2.1: the student can turn the automatic checks off before they happen).
            Response.Headers["Refresh"] = RefreshSeconds.ToString(CultureInfo.InvariantCulture);
        }

        if (Purchase.Status == "fulfilled")
        {
            try
            {
                Balance = await scholarshipApi.GetBalanceAsync(await AccessTokenAsync() ?? "", ct);
            }
            catch (ScholarshipApiException e)
            {
                BalanceError = e.Message;
            }
        }

        return Page();
    }

    /// <summary>A payment status (DESIGN.md section 5) in the student's words.</summary>
    public static string Describe(string status) => status switch
    {
        "pending" => "waiting for payment",
        "paid" => "paid, adding your credits",
        "fulfilled" => "fulfilled: credits added",
        "failed" => "payment failed",
        "expired" => "cancelled or expired",
        "refunded" => "refunded",
        "partially_refunded" => "partially refunded",
        "disputed" => "disputed",
        "needs_review" => "being reviewed by our team",
        _ => status,
    };
}
