using Microsoft.AspNetCore.Authorization;
using Scholar.Application.Payments.ListPurchases;
using Scholar.Web.Pilot;

namespace Scholar.Web.Pages.Pilot;

/// <summary>The student's own payments (ListPurchases use case), newest first.</summary>
[Authorize(Policy = PilotSignIn.StudentPolicy)]
public sealed class PurchasesModel(ListPurchasesHandler purchases) : PilotPageModel
{
    public IReadOnlyList<PurchaseView> Purchases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Purchases = await purchases.HandleAsync(StudentId, ct);
}
