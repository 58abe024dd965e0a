using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Common;
using Scholar.Application.Ops.GetEvidence;
using Scholar.Application.Payments.GetPaymentDetail;

namespace Scholar.OpsConsole.Pages.Payments;

public sealed class DetailModel(GetPaymentDetailHandler details, GetEvidenceHandler evidence) : PageModel
{
    public PaymentDetail Detail { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Detail = await details.HandleAsync(id, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    /// <summary>The evidence bundle of DESIGN.md 8.5, exactly as <c>/api/ops/evidence/{id}</c> returns it.</summary>
    public async Task<IActionResult> OnGetEvidenceAsync(Guid id, CancellationToken ct)
    {
        try
        {
            var json = await evidence.HandleAsync(id, ct);
            return File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"evidence-{id}.json");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
