using FastEndpoints;
using Scholar.Application.Payments.ListPackages;

namespace Scholar.Web.Features.Payments.ListPackages;

/// <summary>The credit packages for sale, with server-side prices.</summary>
public sealed class Endpoint(ListPackagesHandler handler) : EndpointWithoutRequest<IReadOnlyList<PackageView>>
{
    public override void Configure()
    {
        Get("/api/packages");
        AllowAnonymous();
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.OkAsync(await handler.HandleAsync(ct), ct);
}
