using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Scholar.Application.Common;
using Scholar.Application.Ops.GetEvidence;
using Scholar.Application.Payments.GetPaymentDetail;
using Scholar.Application.Payments.RefundPayment;
using Scholar.Application.Payments.ResolveReview;
using Scholar.Domain.Common;

namespace Scholar.OpsConsole.Pages.Payments;

/// <summary>One payment; refund and review decisions go through the same use cases as <c>/api/ops/payments/{id}/…</c>.</summary>
public sealed class DetailModel(GetPaymentDetailHandler details, GetEvidenceHandler evidence, RefundPaymentHandler refunds, ResolveReviewHandler reviews)
    : OperatorActionPage
{
    public PaymentDetail Detail { get; private set; } = null!;

    public override StripeDashboard StripeDashboard => Detail is { } d ? ProviderLinks.DashboardOf(d.Payment) : StripeDashboard.None;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>Cents to refund; empty refunds everything left.</summary>
    [BindProperty]
    public long? AmountCents { get; set; }

    /// <summary><c>fulfil</c> or <c>refund</c>.</summary>
    [BindProperty]
    public string? Decision { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Id = id;
        return await RedisplayAsync(ct);
    }

    /// <summary>The evidence bundle of DESIGN.md 8.5, exactly as <c>/api/ops/evidence/{id}</c> returns it.</summary>
    public async Task<IActionResult> OnGetEvidenceAsync(CancellationToken ct)
    {
        try
        {
            var json = await evidence.HandleAsync(Id, ct);
            return File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"evidence-{Id}.json");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostRefundAsync(CancellationToken ct) =>
        AskAsync("refund", AmountCents is <= 0 ? "The amount must be a positive number of cents, or empty for everything left." : RequireReason(Reason), ct);

    public Task<IActionResult> OnPostConfirmRefundAsync(CancellationToken ct) =>
        ConfirmAsync(
            async (key, c) =>
            {
                var r = await refunds.HandleAsync(new RefundPaymentCommand(Actor, Id, AmountCents, Reason!.Trim(), key), c);
                return $"Refund {r.RefundId} of {r.AmountCents.ToString(CultureInfo.InvariantCulture)} cents: {r.Status}. The credits are reversed when the provider's charge.refunded webhook is processed.";
            },
            () => RedirectToPage(new { id = Id }),
            ct);

    public Task<IActionResult> OnPostResolveAsync(CancellationToken ct) =>
        AskAsync("resolve", Decision is "fulfil" or "refund" ? RequireReason(Reason) : "Choose fulfil or refund.", ct);

    public Task<IActionResult> OnPostConfirmResolveAsync(CancellationToken ct) =>
        ConfirmAsync(
            async (key, c) =>
            {
                var decision = Decision == "fulfil" ? ReviewDecision.Fulfil : ReviewDecision.Refund;
                var r = await reviews.HandleAsync(new ResolveReviewCommand(Actor, Id, decision, Reason!.Trim(), key), c);
                return $"Review resolved ({r.Decision}): the payment is now {r.Status}." + (r.RefundId is { } refund ? $" Refund {refund} requested." : "");
            },
            () => RedirectToPage(new { id = Id }),
            ct);

    /// <summary>What the confirmation box asks before the action runs.</summary>
    public ConfirmationView? Confirmation => Confirming switch
    {
        "refund" => new ConfirmationView("Confirm the refund",
            $"Refund {(AmountCents is { } a ? Money.Format(a, Detail.Payment.Currency) : "everything left")} of payment {Id} to {Detail.Payment.CustomerEmail}? " +
            "The provider refunds the card now; the credits are reversed when its webhook arrives.",
            "ConfirmRefund", "Confirm refund", $"/payments/{Id}",
            new Dictionary<string, string?> { ["AmountCents"] = AmountCents?.ToString(CultureInfo.InvariantCulture), ["Reason"] = Reason, ["ConfirmKey"] = ConfirmKey }),
        "resolve" => new ConfirmationView("Confirm the review decision",
            Decision == "fulfil"
                ? $"Fulfil payment {Id}: grant {Detail.Payment.Credits} credits to {Detail.Payment.CustomerEmail}, less what refunds and disputes already took back?"
                : $"Refund payment {Id} in full to {Detail.Payment.CustomerEmail} without granting credits?",
            "ConfirmResolve", Decision == "fulfil" ? "Confirm fulfil" : "Confirm refund", $"/payments/{Id}",
            new Dictionary<string, string?> { ["Decision"] = Decision, ["Reason"] = Reason, ["ConfirmKey"] = ConfirmKey }),
        _ => null,
    };

    protected override async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        try
        {
            Detail = await details.HandleAsync(Id, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
