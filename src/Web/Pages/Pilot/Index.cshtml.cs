using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Scholar.Application.Payments.ListPackages;

namespace Scholar.Web.Pages.Pilot;

/// <summary>The packages for sale and their server-side prices; public.</summary>
[AllowAnonymous]
public sealed class IndexModel(ListPackagesHandler packages) : PilotPageModel
{
    public IReadOnlyList<PackageView> Packages { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public bool SignedOut { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Packages = await packages.HandleAsync(ct);
}
