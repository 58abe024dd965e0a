using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Common;
using Scholar.Application.Payments.GetPaymentDetail;

namespace Scholar.OpsConsole.Pages.Payments;

public sealed class DetailModel(GetPaymentDetailHandler details) : PageModel
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
}
