using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Payments.ListPayments;
using Scholar.Domain.Payments;

namespace Scholar.OpsConsole.Pages.Payments;

public sealed class IndexModel(ListPaymentsHandler payments) : PageModel
{
    public static IReadOnlyList<string> Statuses { get; } = [.. Enum.GetValues<PaymentStatus>().Select(s => s.ToContract())];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTimeOffset? Before { get; set; }

    public PaymentPage Results { get; private set; } = new([], null);

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        PaymentStatus? status = null;
        if (!string.IsNullOrEmpty(Status))
        {
            status = ListPaymentsHandler.ParseStatus(Status);
            if (status is null)
            {
                Problem = $"'{Status}' is not a payment status. Pick one from the list.";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
        }

        Results = await payments.HandleAsync(new ListPaymentsQuery(status, Before), ct);
    }
}
