using FastEndpoints;
using Scholar.Application.Payments.ListPurchases;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Payments.ListPurchases;

/// <summary>The signed-in student's own payments, newest first.</summary>
public sealed class Endpoint(ListPurchasesHandler handler) : EndpointWithoutRequest<IReadOnlyList<PurchaseView>>
{
    public override void Configure()
    {
        Get("/api/purchases");
        Policies(AuthPolicies.User);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(await handler.HandleAsync(User.RequiredUserId(), ct), ct);
}
